"""Report prompts: each running day, every reporter gets a prompt at report time (their zone), and one nudge later when
they still have not reported. After downtime: one catch-up, worded as such, at a waking hour of theirs
(bot.reports.rules.catch_up); what it supersedes, and days beyond the grace period, are recorded, not sent late. A
reporter whose figures for the day are all in already is not prompted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, MarkdownTextObject, SectionBlock
from sqlmodel import Session

from bot.campaigns.rules.campaign import Status
from bot.campaigns.rules.reminders import Stage, reporter_stages
from bot.campaigns.service.scheduling import say_at_stage, settings_of
from bot.kernel import formatting
from bot.kernel.batches import DuePass
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import Action
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.reports.rules.catch_up import plan_prompts
from storage.models import Campaign, CampaignReporter
from storage.repositories import reports as repo


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
    zone = ZoneInfo(reporter.tz or campaign.timezone)
    stages = list(reporter_stages(campaign.pk, reporter.user_id, campaign.start_date, campaign.end_date, zone,
                                  settings))
    plan = plan_prompts(stages, woke_at=reporter.next_prompt_at, now=now, zone=zone, grace=settings.grace,
                        # "Reported" means every source of theirs is in: one source of two still owes its figures.
                        reported=lambda day: all_in(session, campaign, reporter.user_id, day))
    reporter.next_prompt_at = plan.wake_at
    if campaign.status != Status.RUNNING:
        return 0  # not started yet, or over: no prompts
    locale = services.locale_for(reporter.user_id)
    for stage in plan.skip:  # superseded by a newer one, or too old: recorded, never sent late
        text, blocks = _message(stage, campaign, locale)
        outbox.enqueue(session, key=stage.key, kind=stage.kind, channel=reporter.user_id, text=text, blocks=blocks,
                       now=now, campaign_id=campaign.id, skipped=True)
    if plan.say is None:
        return 0
    if plan.catch_up:
        text, blocks = _message(plan.say, campaign, locale, key="reports.catch_up")
        return int(outbox.enqueue(session, key=plan.key or plan.say.key, kind=plan.say.kind,
                                  channel=reporter.user_id, text=text, blocks=blocks, now=now,
                                  campaign_id=campaign.id))
    if plan.say.kind == "report_prompt" and plan.say.on is not None and all_in(
        session, campaign, reporter.user_id, plan.say.on
    ):
        return 0  # every source of theirs is in already: no "time for today's report"
    text, blocks = _message(plan.say, campaign, locale)
    return say_at_stage(session, plan.say, settings, now, kind=plan.say.kind, channel=reporter.user_id, text=text,
                        blocks=blocks, campaign_id=campaign.id)


def all_in(session: Session, campaign: Campaign, reporter_id: str, day: date) -> bool:
    """Whether the reporter's figures for `day` are in for every source they report: the ones they reported
    before, or, for a first report, every source of the campaign."""
    campaign_id = campaign.pk
    today = repo.sources_reported(session=session, campaign_id=campaign_id, reporter_id=reporter_id, day=day)
    if not today:
        return False
    usual = repo.sources_reported(session=session, campaign_id=campaign_id, reporter_id=reporter_id, before=day)
    return (usual or set(repo.sources(session=session, campaign_id=campaign_id))) <= today


def _message(stage: Stage, campaign: Campaign, locale: str, *, key: str | None = None) -> tuple[str, list[Block]]:
    key = key or ("reports.prompt" if stage.kind == "report_prompt" else "reports.nudge")
    assert stage.on is not None
    text = t(key, locale, name=escape(campaign.name), day=formatting.day(stage.on, locale))
    return text, [
        SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT))),
        ActionsBlock(elements=[ButtonElement(text=t("reports.prompt.button", locale), action_id=Action.OPEN_REPORT,
                                             value=str(campaign.id), style="primary")]),
    ]


run = DuePass(name="report_prompts", fetch=claim_due, advance=advance, readers=readers, batch=200)
