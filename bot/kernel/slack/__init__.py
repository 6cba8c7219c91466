"""Everything that talks to the Slack Web API: the gateway, the outbox, the people directory."""
