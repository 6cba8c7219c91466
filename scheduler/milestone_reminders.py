"""Pass: milestone reminders in the campaign channel, days before and on the day."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot import outbox
from bot.campaigns import LIVE_STATUSES
from bot.reminders import due_stages, milestone_stages
from bot.scheduling import settings_of
from bot.services import Services
from scheduler.reminder_messages import milestone_reminder
from storage import repositories as campaigns_repo
from storage import task_repository as repo

BATCH = 200


def run(services: Services, now: datetime) -> int:
    enqueued = 0
    while True:
        with services.unit_of_work() as session:
            milestones = repo.milestones_due_for_reminder(session=session, now=now, limit=BATCH)
            campaigns = campaigns_repo.campaigns_by_ids(session=session,
                                                        campaign_ids={m.campaign_id for m in milestones})
            for milestone in milestones:
                campaign = campaigns[milestone.campaign_id]
                if campaign.status not in LIVE_STATUSES or milestone.next_reminder_at is None:
                    milestone.next_reminder_at = None
                    continue
                settings = settings_of(campaign)
                stages = milestone_stages(milestone.id or 0, milestone.on_date, ZoneInfo(campaign.timezone), settings)
                due, following = due_stages(stages, milestone.next_reminder_at - timedelta(microseconds=1), now)
                locale = services.settings.default_locale
                for stage in due:
                    late = now - stage.fire_at > settings.grace
                    added = outbox.enqueue(
                        session, key=stage.key, kind=stage.kind, channel=campaign.channel_id, now=now,
                        text=milestone_reminder(stage, milestone, campaign, locale), campaign_id=campaign.id,
                        skipped=late,
                    )
                    enqueued += added and not late
                milestone.next_reminder_at = following.fire_at if following else None
        if len(milestones) < BATCH:
            return enqueued
