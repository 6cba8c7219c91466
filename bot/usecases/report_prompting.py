"""Report prompts: each running day, every reporter gets a prompt at report time (their zone), and one nudge later when
they still have not reported. Skipped days (downtime beyond the grace period) are recorded, not sent late. A reporter
whose figures for the day are all in already is not prompted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, MarkdownTextObject, SectionBlock
from sqlmodel import Session

from bot import formatting
from bot.blocks.text import SECTION_TEXT_LIMIT, escape, truncate
from bot.domain.campaigns import Status
from bot.domain.reminders import Stage, due_stages, reporter_stages
from bot.i18n import t
from bot.ids import Action
from bot.services import Services
from bot.usecases.due_batches import say_at_stage
from bot.usecases.scheduling import settings_of
from storage import report_repository as repo
from storage.models import Campaign, CampaignReporter


def claim_due(session: Session, now: datetime, limit: int) -> Sequence[CampaignReporter]:
    """Reporters with a prompt or nudge due, locked (`FOR UPDATE SKIP LOCKED`)."""
    return repo.reporters_due(session=session, now=now, limit=limit)


def readers(session: Session, reporter: CampaignReporter) -> list[str]:
    return [reporter.user_id]


def advance(services: Services, session: Session, reporter: CampaignReporter, now: datetime) -> int:
    campaign = session.get_one(Campaign, reporter.campaign_id)
    if reporter.next_prompt_at is None:
        return 0
    settings = settings_of(campaign)
    stages = reporter_stages(campaign.id or 0, reporter.user_id, campaign.start_date, campaign.end_date,
                             ZoneInfo(reporter.tz or campaign.timezone), settings)
    due, following = due_stages(stages, reporter.next_prompt_at - timedelta(microseconds=1), now)
    reporter.next_prompt_at = following.fire_at if following else None
    said = 0
    for stage in due:
        if campaign.status != Status.RUNNING:
            continue  # not started yet, or over: no prompts
        assert stage.on is not None
        if stage.kind == "report_nudge" and repo.has_reported(
            session=session, campaign_id=campaign.id or 0, day=stage.on, reporter_id=reporter.user_id
        ):
            continue
        if stage.kind == "report_prompt" and all_in(session, campaign, reporter.user_id, stage.on):
            continue
        text, blocks = _message(stage, campaign, services.locale_for(reporter.user_id))
        said += say_at_stage(session, stage, settings, now, kind=stage.kind, channel=reporter.user_id, text=text,
                             blocks=blocks, campaign_id=campaign.id)
    return said


def all_in(session: Session, campaign: Campaign, reporter_id: str, day: date) -> bool:
    """Whether the reporter's figures for `day` are in for every source they report: the ones they reported
    before, or, for a first report, every source of the campaign."""
    campaign_id = campaign.id or 0
    today = repo.sources_reported(session=session, campaign_id=campaign_id, reporter_id=reporter_id, day=day)
    if not today:
        return False
    usual = repo.sources_reported(session=session, campaign_id=campaign_id, reporter_id=reporter_id, before=day)
    return (usual or set(repo.sources(session=session, campaign_id=campaign_id))) <= today


def _message(stage: Stage, campaign: Campaign, locale: str) -> tuple[str, list[Block]]:
    key = "report.prompt" if stage.kind == "report_prompt" else "report.nudge"
    assert stage.on is not None
    text = t(key, locale, name=escape(campaign.name), day=formatting.day(stage.on, locale))
    return text, [
        SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT))),
        ActionsBlock(elements=[ButtonElement(text=t("report.prompt.button", locale), action_id=Action.OPEN_REPORT,
                                             value=str(campaign.id), style="primary")]),
    ]
