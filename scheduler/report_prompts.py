"""Pass: each running day, every reporter gets a prompt at report time (their zone), and one nudge later when
they still have not reported. Skipped days (downtime beyond the grace period) are recorded, not sent late."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, MarkdownTextObject, SectionBlock

from bot import formatting, outbox
from bot.blocks.text import SECTION_TEXT_LIMIT, escape, truncate
from bot.campaigns import Status
from bot.i18n import t
from bot.ids import Action
from bot.reminders import Stage, due_stages, reporter_stages
from bot.scheduling import settings_of
from bot.services import Services
from storage import report_repository as repo
from storage import repositories as campaigns_repo
from storage.models import Campaign

BATCH = 200


def run(services: Services, now: datetime) -> int:
    enqueued = 0
    while True:
        with services.unit_of_work() as session:
            reporters = repo.reporters_due(session=session, now=now, limit=BATCH)
            campaigns = campaigns_repo.campaigns_by_ids(session=session,
                                                        campaign_ids={r.campaign_id for r in reporters})
            reported: dict[tuple[int, object], set[str]] = {}
            for reporter in reporters:
                campaign = campaigns[reporter.campaign_id]
                if reporter.next_prompt_at is None:
                    continue
                settings = settings_of(campaign)
                stages = reporter_stages(campaign.id or 0, reporter.user_id, campaign.start_date, campaign.end_date,
                                         ZoneInfo(reporter.tz or campaign.timezone), settings)
                due, following = due_stages(stages, reporter.next_prompt_at - timedelta(microseconds=1), now)
                for stage in due:
                    if campaign.status != Status.RUNNING:
                        continue  # not started yet, or over: no prompts
                    if stage.kind == "report_nudge":
                        key = (campaign.id or 0, stage.on)
                        if key not in reported:
                            reported[key] = repo.reported_on(session=session, campaign_id=key[0], day=stage.on)  # type: ignore[arg-type]
                        if reporter.user_id in reported[key]:
                            continue
                    late = now - stage.fire_at > settings.grace
                    text, blocks = _message(stage, campaign, services.locale_for(reporter.user_id))
                    added = outbox.enqueue(session, key=stage.key, kind=stage.kind, channel=reporter.user_id,
                                           text=text, blocks=blocks, now=now, campaign_id=campaign.id, skipped=late)
                    enqueued += added and not late
                reporter.next_prompt_at = following.fire_at if following else None
        if len(reporters) < BATCH:
            return enqueued


def _message(stage: Stage, campaign: Campaign, locale: str) -> tuple[str, list[Block]]:
    key = "report.prompt" if stage.kind == "report_prompt" else "report.nudge"
    assert stage.on is not None
    text = t(key, locale, name=escape(campaign.name), day=formatting.day(stage.on, locale))
    return text, [
        SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT))),
        ActionsBlock(elements=[ButtonElement(text=t("report.prompt.button", locale), action_id=Action.OPEN_REPORT,
                                             value=str(campaign.id), style="primary")]),
    ]
