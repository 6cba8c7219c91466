"""Pass: task reminders before the due day and on its morning, daily nudges while overdue, and the campaign
owner told once a task is a day overdue. Each due stage becomes one outbox row, in the same transaction that
moves the task's `next_reminder_at` on."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from bot import outbox
from bot.campaigns import LIVE_STATUSES
from bot.reminders import due_stages, task_stages
from bot.scheduling import settings_of, task_zone
from bot.services import Services
from bot.tasks import ACTIVE
from scheduler.reminder_messages import task_reminder
from storage import repositories as campaigns_repo
from storage import task_repository as repo
from storage.models import Campaign, Task

BATCH = 200
JUST_BEFORE = timedelta(microseconds=1)


def run(services: Services, now: datetime) -> int:
    enqueued = 0
    while True:
        with services.unit_of_work() as session:
            tasks = repo.tasks_due_for_reminder(session=session, now=now, limit=BATCH)
            campaigns = campaigns_repo.campaigns_by_ids(session=session, campaign_ids={t.campaign_id for t in tasks})
            for task in tasks:
                enqueued += _advance(services, session, task, campaigns[task.campaign_id], now)
        if len(tasks) < BATCH:
            return enqueued


def _advance(services: Services, session: Session, task: Task, campaign: Campaign, now: datetime) -> int:
    if task.status not in ACTIVE or campaign.status not in LIVE_STATUSES or task.next_reminder_at is None:
        task.next_reminder_at = None
        return 0
    settings = settings_of(campaign)
    zone = task_zone(task, campaign)
    due, following = due_stages(task_stages(task.id or 0, task.due_at, zone, settings),
                                task.next_reminder_at - JUST_BEFORE, now)
    enqueued = 0
    for stage in due:
        recipient = campaign.owner_id if stage.kind == "overdue_owner" else task.owner_id
        if stage.kind == "overdue_owner" and recipient == task.owner_id:
            continue  # the owner of the campaign owns the task too, and is nudged already
        text, blocks = task_reminder(stage, task, campaign, str(zone), services.locale_for(recipient), now)
        late = now - stage.fire_at > settings.grace
        added = outbox.enqueue(
            session, key=stage.key, kind=f"task_{stage.kind}", channel=recipient, text=text, blocks=blocks,
            now=now, campaign_id=campaign.id, skipped=late,
        )
        enqueued += added and not late
    task.next_reminder_at = following.fire_at if following else None
    return enqueued
