"""Pure rules: no Slack, no SQL, no clock of their own."""
