"""Block Kit builders shared by handlers and the scheduler; all built with slack_sdk.models."""
