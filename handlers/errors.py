"""The one error handler: domain errors become a private note to the user; anything else is logged."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from bot.errors import CampaignBotError
from bot.i18n import t
from bot.messages import render_error
from bot.services import Services

log = logging.getLogger(__name__)


def register(app: App, services: Services) -> None:
    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> None:
        user_id = (body.get("user") or {}).get("id") or body.get("user_id")
        channel_id = (body.get("channel") or {}).get("id") or body.get("channel_id")
        locale = services.locale_for(user_id or "")
        if isinstance(error, CampaignBotError):
            text = render_error(error, locale)
        else:
            log.exception("unhandled error in a Slack listener", exc_info=error)
            text = t("error.unexpected", locale)
        if not user_id:
            return
        try:
            if channel_id:
                services.slack.post_ephemeral(channel_id, user_id, text=text)
            else:
                services.slack.send_dm(user_id, text=text)
        except Exception:  # the user can't be told; the log line above is what remains
            log.exception("could not tell %s about an error", user_id)
