"""Turn domain errors into text for the person who caused them."""

from __future__ import annotations

from bot.kernel.blockkit.text import escape, mention
from bot.kernel.errors import CampaignBotError, UserRef
from bot.kernel.i18n import t


def render_error(error: CampaignBotError, locale: str | None) -> str:
    params = {
        name: mention(value) if isinstance(value, UserRef) else escape(value) if isinstance(value, str) else value
        for name, value in error.params.items()
    }
    return t(error.key, locale, **params)
