"""Simplified Chinese catalogue; one module per area of the bot, mirroring `bot/i18n/en`."""
