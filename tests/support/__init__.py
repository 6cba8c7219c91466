"""Test helpers: a local Slack Web API stand-in, signed payload builders and a bot harness."""
