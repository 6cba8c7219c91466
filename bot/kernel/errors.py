"""Domain errors carry a message key and parameters; the error handler translates them for the user."""

from __future__ import annotations

from typing import Any


class CampaignBotError(Exception):
    """An error the user can act on. `key` is an i18n message key, `params` fill its placeholders."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


class NotFound(CampaignBotError):
    pass


class NotAllowed(CampaignBotError):
    pass


class InvalidInput(CampaignBotError):
    pass


class ConfigError(Exception):
    """Settings are missing or wrong; the message is shown verbatim to whoever started the bot."""


class UserRef(str):
    """A Slack user id used as a message parameter; rendered as a mention, never escaped into text."""
