"""`/campaign history [campaign]` and its Older entries button: the audit log, for the people who may read it."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.blocks import Block

from bot import policy
from bot.blocks.history_blocks import PAGE, history_blocks
from bot.errors import InvalidInput, NotAllowed, UserRef
from bot.i18n import t
from bot.ids import Action
from bot.services import Services
from bot.usecases import campaign_service, report_service
from handlers.errors import reports_errors
from handlers.forms import actor_of, parse_id, team_of
from storage import audit_repository


def history_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py) The newest page, privately, in the ack."""
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(
            session=session, team_id=team_of(command), reference=rest, channel_id=command.get("channel_id"),
            sub="history",
        )
        blocks = _page(services, session, command, campaign.id or 0, 0, locale)
    ack(text=t("history.title", locale, name=campaign.name), blocks=blocks)


@reports_errors
def older(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    campaign_id, offset = _page_of(body)
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    with services.unit_of_work() as session:
        blocks = _page(services, session, body, campaign_id, offset, locale)
    text = t("history.older", locale)
    if body.get("response_url"):
        services.slack.respond(body["response_url"], text=text, blocks=blocks, replace_original=True)
    else:
        services.slack.post_ephemeral(body["channel"]["id"], user_id, text=text, blocks=blocks)


def _page(services: Services, session: Any, body: dict[str, Any], campaign_id: int, offset: int,
          locale: str) -> list[Block]:
    actor = actor_of(services, body)
    context = report_service.report_context(session=session, campaign_id=campaign_id, team_id=actor.team_id)
    campaign = context.campaign
    if not policy.can_view_history(actor, campaign, context.reporter_ids):
        raise NotAllowed("history.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    entries, total = audit_repository.newest(session=session, team_id=campaign.team_id, campaign_id=campaign_id,
                                             limit=PAGE, offset=offset)
    zone = services.directory.profile(actor.user_id).tz or campaign.timezone
    return history_blocks(campaign_id=campaign_id, campaign_name=campaign.name, entries=entries, total=total,
                          offset=offset, locale=locale, timezone=zone)


def _page_of(body: dict[str, Any]) -> tuple[int, int]:
    """`"12:20"` → campaign 12 from entry 20; anything the bot did not write is "gone"."""
    value = str((body.get("actions") or [{}])[0].get("value") or "")
    campaign_text, _, offset_text = value.partition(":")
    campaign_id = parse_id(campaign_text)
    if campaign_id is None or not (offset_text.isascii() and offset_text.isdigit()) or len(offset_text) > 9:
        raise InvalidInput("campaign.gone")
    return campaign_id, int(offset_text)


def register(app: App) -> None:
    app.action(Action.HISTORY_PAGE)(older)
