"""A local stand-in for Slack: the Web API the bot calls, a workspace kept in SQLite, and a page to use it.

Layers, from the bottom: `store` (the workspace: people, channels, messages, views, files, the clock),
`webapi` (Slack's Web API methods over the store; the tests' stand-in too), `bot_link` and `client` (what
Slack's client does: sign requests to the bot's `/slack/events`, follow `response_action` and
`response_url`), `render` (Block Kit and mrkdwn to HTML), `server` (the page and the API on loopback),
`stepper` (the demo clock's "Next hour" / "Next day"), `demo` (a living campaign), `runner` (the bot and
the sandbox in one process).
"""
