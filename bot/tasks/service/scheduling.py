"""When a task's reminders fire: its next fire time kept right whenever the task, its owner's zone or the campaign's
settings change."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.campaigns.rules.campaign import LIVE_STATUSES
from bot.campaigns.rules.reminders import next_stage, task_stages
from bot.campaigns.service.scheduling import settings_of
from bot.tasks.rules.tasks import ACTIVE
from storage.models import Campaign, Task


def task_zone(task: Task, campaign: Campaign) -> ZoneInfo:
    return ZoneInfo(task.owner_tz or campaign.timezone)


def schedule_task(task: Task, campaign: Campaign, now: datetime) -> None:
    if task.status not in ACTIVE or campaign.status not in LIVE_STATUSES or task.id is None:
        task.next_reminder_at = None
        return
    stage = next_stage(task_stages(task.id, task.due_at, task_zone(task, campaign), settings_of(campaign),
                                   campaign.end_date), now)
    task.next_reminder_at = stage.fire_at if stage else None
