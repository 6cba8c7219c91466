"""`/campaign history [campaign]` and its Older entries button: the audit log, for the people who may read it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.history import flows as history_service
from bot.kernel.errors import InvalidInput
from bot.kernel.i18n import t
from bot.kernel.ids import Action
from bot.kernel.listening.forms import acks_first, parse_id
from bot.kernel.policy import Actor
from bot.kernel.services import Services


def history_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                    locale: str) -> None:
    """(wired into handlers/router.py) The newest page, privately, in the ack."""
    page = history_service.newest_page(services, actor=actor, reference=rest, channel_id=command.get("channel_id"),
                                       locale=locale)
    ack(text=t("history.title", locale, name=page.campaign_name), blocks=page.blocks)


@acks_first
def older(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    campaign_id, offset = _page_of(body)
    blocks = history_service.page(services, actor=actor, campaign_id=campaign_id, offset=offset, locale=locale)
    text = t("history.older", locale)
    if body.get("response_url"):
        services.slack.respond(body["response_url"], text=text, blocks=blocks, replace_original=True)
    else:
        services.slack.post_ephemeral(body["channel"]["id"], actor.user_id, text=text, blocks=blocks)


def _page_of(body: dict[str, Any]) -> tuple[int, int]:
    """`"12:20"` → campaign 12 from entry 20; anything the bot did not write is "gone"."""
    value = str((body.get("actions") or [{}])[0].get("value") or "")
    campaign_text, _, offset_text = value.partition(":")
    campaign_id = parse_id(campaign_text)
    if campaign_id is None or not (offset_text.isascii() and offset_text.isdigit()) or len(offset_text) > 9:
        raise InvalidInput("campaigns.gone")
    return campaign_id, int(offset_text)


def register(app: App) -> None:
    app.action(Action.HISTORY_PAGE)(older)
