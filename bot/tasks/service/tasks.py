"""Use cases for tasks and milestones: change a task's status, add a milestone. The caller owns the transaction.

Milestone dates: from 60 days before the campaign starts (planning checkpoints such as "plan draft submitted")
to 30 days after it ends (wrap-up such as "data-collection cut-off" or the evaluation report).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES, Status
from bot.campaigns.service import audit
from bot.campaigns.service import campaigns as campaign_service
from bot.campaigns.service.scheduling import schedule_milestone
from bot.kernel import policy
from bot.kernel.errors import InvalidInput, NotAllowed, NotFound, UserRef
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.ids import Field
from bot.tasks.rules.tasks import TaskStatus
from bot.tasks.service.scheduling import schedule_task
from storage.models import Campaign, Milestone, Task
from storage.repositories import campaigns as repo
from storage.repositories import tasks as task_repository

REASON_MAX = 500
MILESTONE_NAME_MAX = 200
MILESTONE_LEAD_DAYS = 60
MILESTONE_WRAP_UP_DAYS = 30


def changeable_task(
    *, session: Session, task_id: int, actor: policy.Actor, for_update: bool = False
) -> tuple[Task, Campaign]:
    """The task and its campaign, when `actor` may change the task; else NotAllowed / NotFound / InvalidInput."""
    task = task_repository.get_task(session=session, task_id=task_id, team_id=actor.team_id, for_update=for_update)
    if task is None:
        raise NotFound("tasks.gone")
    campaign = repo.get_campaign(session=session, campaign_id=task.campaign_id, team_id=actor.team_id)
    if campaign is None:
        raise NotFound("tasks.gone")
    if not policy.can_change_task(actor, task.owner_id, campaign):
        raise NotAllowed("tasks.change.not_allowed", owner=UserRef(task.owner_id or campaign.owner_id),
                         campaign_owner=UserRef(campaign.owner_id), title=task.title)
    if Status(campaign.status) not in LIVE_STATUSES:
        raise InvalidInput("tasks.campaign_closed", campaign=campaign.name)
    if task.status == TaskStatus.CANCELLED:
        raise InvalidInput("tasks.cancelled", title=task.title)
    return task, campaign


def change_task_status(
    *, session: Session, task_id: int, to: TaskStatus, actor: policy.Actor, now: datetime,
    reason: str | None = None,
) -> Task:
    """Move a task to open / done / blocked and record who did it; the same status again changes nothing."""
    if to == TaskStatus.CANCELLED:
        raise ValueError("tasks are cancelled by re-importing the table, not by a status change")
    task, campaign = changeable_task(session=session, task_id=task_id, actor=actor, for_update=True)
    if task.status == to:
        return task
    reason = ((reason or "").strip() or None) if to == TaskStatus.BLOCKED else None
    task_repository.record_task_change(session=session, task_id=task_id, from_status=task.status, to_status=to,
                                       actor_id=actor.user_id, at=now, reason=reason)
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="task", object_id=task_id,
                 action=to.value, before={"status": task.status, "title": task.title},
                 after={"status": to.value, "reason": reason})
    task.status = to
    task.blocked_reason = reason
    task.updated_at = now
    schedule_task(task, campaign, now)  # done stops the reminders; reopened picks them up from now
    session.flush()
    return task


def check_reason(text: str) -> tuple[str | None, list[FieldError]]:
    """The reason a task is blocked: required, at most REASON_MAX characters."""
    reason = text.strip()
    if not reason:
        return None, [FieldError(Field.REASON, "form.error.required")]
    if len(reason) > REASON_MAX:
        return None, [FieldError(Field.REASON, "form.error.too_long", {"limit": REASON_MAX})]
    return reason, []


def milestone_window(campaign: Campaign) -> tuple[date, date]:
    return (campaign.start_date - timedelta(days=MILESTONE_LEAD_DAYS),
            campaign.end_date + timedelta(days=MILESTONE_WRAP_UP_DAYS))


def add_milestone(
    *, session: Session, campaign_id: int, name: str, on_date: date | None, actor: policy.Actor, now: datetime,
    owner_id: str | None = None,
) -> tuple[Milestone, str]:
    """Add a milestone, or move the one of the same name: "added", "moved" or "unchanged".

    Field mistakes raise FormRejected, for `response_action: errors`; nothing is saved then.
    """
    campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id,
                                              for_update=True)
    if not policy.can_manage_tasks(actor, campaign):
        raise NotAllowed("readiness.milestone.add.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    errors: list[FieldError] = []
    name = " ".join(name.split())
    if not name:
        errors.append(FieldError(Field.MILESTONE_NAME, "form.error.required"))
    elif len(name) > MILESTONE_NAME_MAX:
        errors.append(FieldError(Field.MILESTONE_NAME, "form.error.too_long", {"limit": MILESTONE_NAME_MAX}))
    first, last = milestone_window(campaign)
    if on_date is None:
        errors.append(FieldError(Field.MILESTONE_DATE, "form.error.required"))
    elif not first <= on_date <= last:
        errors.append(FieldError(Field.MILESTONE_DATE, "readiness.milestone.error.date_outside", {"first": first,
                                                                                                  "last": last}))
    if errors:
        raise FormRejected(errors)
    assert on_date is not None and campaign.id is not None
    milestone, outcome = task_repository.upsert_milestone(session=session, campaign_id=campaign.id, name=name,
                                                          on_date=on_date, created_by=actor.user_id, at=now,
                                                          owner_id=owner_id)
    session.flush()
    schedule_milestone(milestone, campaign, now)
    if outcome != "unchanged":
        audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="milestone",
                     object_id=milestone.id, action=outcome,
                     after={"name": name, "day": on_date, "owner": milestone.owner_id})
    return milestone, outcome


def new_tasks(session: Session, campaign: Campaign, fields: Sequence[Mapping[str, Any]], *, actor_id: str,
              now: datetime) -> list[Task]:
    """The one way a task comes to be (an imported row, a Cause & adjustment, what comes next): open, in the caller's
    transaction, its first history entry written and its reminders scheduled. `fields` are Task columns (title,
    owner_id, due_at, phase, …) for each new task."""
    tasks = [Task(campaign_id=campaign.pk, status=TaskStatus.OPEN, created_by=actor_id, created_at=now,
                  updated_at=now, **dict(values)) for values in fields]
    session.add_all(tasks)
    session.flush()
    for task in tasks:
        task_repository.record_task_change(session=session, task_id=task.pk, from_status=None,
                                           to_status=TaskStatus.OPEN, actor_id=actor_id, at=now)
        schedule_task(task, campaign, now)
    return tasks
