"""HTML for the sandbox page: mrkdwn, Block Kit, and the page's fragments."""
