"""Task reminders before the due day and on its morning, daily nudges while overdue, and the campaign
owner told once a task is a day overdue. All of it stops when the campaign ends: what was left is for the review.
Each due stage becomes one outbox row, in the same transaction that moves the task's `next_reminder_at` on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES, Status
from bot.campaigns.rules.reminders import due_stages, task_stages
from bot.campaigns.service.scheduling import say_at_stage, settings_of
from bot.kernel.batches import DuePass
from bot.kernel.services import Services
from bot.tasks.rules.tasks import ACTIVE
from bot.tasks.service.reminders import task_reminder
from bot.tasks.service.scheduling import task_zone
from storage.models import Campaign, Task
from storage.repositories import tasks as repo

JUST_BEFORE = timedelta(microseconds=1)
REMINDED = LIVE_STATUSES - {Status.EVALUATING}  # once it is being evaluated, the review lists what was left


def ended(campaign: Campaign, now: datetime) -> bool:
    """Over by status, or by the calendar (its last day is past where it runs, before the pass that moves it)."""
    return (campaign.status not in REMINDED
            or now.astimezone(ZoneInfo(campaign.timezone)).date() > campaign.end_date)


def claim_due(session: Session, now: datetime, limit: int) -> Sequence[Task]:
    """Tasks with a reminder due, locked (`FOR UPDATE SKIP LOCKED`)."""
    return repo.tasks_due_for_reminder(session=session, now=now, limit=limit)


def readers(session: Session, task: Task) -> list[str]:
    """Whom a task's reminders may be for: its owner (the campaign's owner while it has none), and the campaign's
    owner once it is overdue."""
    campaign_owner = session.get_one(Campaign, task.campaign_id).owner_id
    return [task.owner_id or campaign_owner, campaign_owner]


def advance(services: Services, session: Session, task: Task, now: datetime) -> int:
    campaign = session.get_one(Campaign, task.campaign_id)  # the session's identity map spares repeats
    if task.status not in ACTIVE or ended(campaign, now) or task.next_reminder_at is None:
        task.next_reminder_at = None
        return 0
    settings = settings_of(campaign)
    zone = task_zone(task, campaign)
    due, following = due_stages(task_stages(task.pk, task.due_at, zone, settings, campaign.end_date),
                                task.next_reminder_at - JUST_BEFORE, now)
    enqueued = 0
    # An unassigned task's reminders go to whoever answers for the campaign.
    reminded = task.owner_id or campaign.owner_id
    for stage in due:
        recipient = campaign.owner_id if stage.kind == "overdue_owner" else reminded
        if stage.kind == "overdue_owner" and recipient == reminded:
            continue  # the owner of the campaign owns the task too (or it has no owner), and is nudged already
        text, blocks = task_reminder(stage, task, campaign, str(zone), services.locale_for(recipient), now)
        enqueued += say_at_stage(session, stage, settings, now, kind=f"task_{stage.kind}", channel=recipient,
                                 text=text, blocks=blocks, campaign_id=campaign.id)
    task.next_reminder_at = following.fire_at if following else None
    return enqueued


run = DuePass(name="task_reminders", fetch=claim_due, advance=advance, readers=readers, batch=200)
