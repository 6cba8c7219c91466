"""campaignbot: run marketing campaigns from Slack."""
