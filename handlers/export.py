"""`/campaign export`: the campaign workbook, sent to the person who asked, in a direct message."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack

from bot import policy
from bot.blocks.text import escape
from bot.errors import NotAllowed, UserRef
from bot.i18n import t
from bot.render.export import campaign_workbook
from bot.services import Services
from bot.usecases import campaign_service, report_service
from handlers.forms import actor_of, team_of
from storage import incident_repository, report_repository, task_repository

_UNSAFE_FILENAME = re.compile(r"[^\w\-]+")


def export_campaign(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py)"""
    user_id = command["user_id"]
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(
            session=session, team_id=command.get("team_id", ""), reference=rest,
            channel_id=command.get("channel_id"), sub="export",
        )
        context = report_service.report_context(session=session, campaign_id=campaign.id or 0, team_id=team_of(command))
        if not policy.can_export(actor_of(services, command), campaign, context.reporter_ids):
            raise NotAllowed("export.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    ack(text=t("export.started", locale, name=escape(campaign.name)))
    with services.unit_of_work() as session:
        campaign_id = campaign.id or 0
        content = campaign_workbook(
            campaign=campaign,
            reports=report_repository.reports_of_campaign(session=session, campaign_id=campaign_id),
            tasks=task_repository.tasks_of_campaign(session=session, campaign_id=campaign_id),
            milestones=task_repository.milestones_of_campaign(session=session, campaign_id=campaign_id),
            incidents=incident_repository.incidents_of_campaign(session=session, campaign_id=campaign_id),
            locale=locale,
        )
    stem = _UNSAFE_FILENAME.sub("-", campaign.name).strip("-") or f"campaign-{campaign_id}"
    today = services.clock.now().date().isoformat()
    services.slack.upload_file(services.slack.open_dm(user_id), filename=f"{stem}-{today}.xlsx", content=content,
                               title=campaign.name, comment=t("export.sent", locale, name=escape(campaign.name)))
