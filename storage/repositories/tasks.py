"""Queries for tasks, their history, milestones and pending imports. None of them commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select, update
from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES
from bot.tasks.rules.tasks import ACTIVE
from storage.models import Campaign, Milestone, TableImport, Task, TaskStatusChange

_LIVE = [status.value for status in LIVE_STATUSES]
_ACTIVE = [status.value for status in ACTIVE]


def get_task(*, session: Session, task_id: int, team_id: str | None, for_update: bool = False) -> Task | None:
    """The task in workspace `team_id` (None: a trusted caller)."""
    statement = select(Task).where(Task.id == task_id, *_in_team(Task.campaign_id, team_id))
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def tasks_of_campaign(*, session: Session, campaign_id: int) -> Sequence[Task]:
    return session.scalars(select(Task).where(Task.campaign_id == campaign_id).order_by(Task.id)).all()


def active_tasks_of_owner(
    *, session: Session, team_id: str, owner_id: str, limit: int
) -> Sequence[tuple[Task, Campaign]]:
    """Open and blocked tasks of one person in live campaigns, soonest due first; a campaign's owner answers for
    its unassigned tasks too."""
    statement = (
        select(Task, Campaign)
        .join(Campaign, Campaign.id == Task.campaign_id)
        .where(
            answered_by(owner_id), Task.status.in_(_ACTIVE),
            Campaign.team_id == team_id, Campaign.status.in_(_LIVE),
        )
        .order_by(Task.due_at, Task.id)
        .limit(limit)
    )
    return [(task, campaign) for task, campaign in session.execute(statement).all()]


def answered_by(user_id: str) -> Any:
    """Tasks `user_id` owns, and the unassigned tasks of campaigns `user_id` owns (joined with Campaign)."""
    return or_(Task.owner_id == user_id, and_(Task.owner_id.is_(None), Campaign.owner_id == user_id))  # type: ignore[union-attr]


def tasks_by_ids(*, session: Session, task_ids: Sequence[int], team_id: str | None) -> dict[int, Task]:
    if not task_ids:
        return {}
    statement = select(Task).where(Task.id.in_(task_ids), *_in_team(Task.campaign_id, team_id))  # type: ignore[attr-defined]
    return {task.id: task for task in session.scalars(statement)}  # type: ignore[misc]


def _in_team(campaign_id: Any, team_id: str | None) -> tuple[Any, ...]:
    """A condition keeping rows of campaigns in `team_id`; none for a trusted caller."""
    if team_id is None:
        return ()
    return (campaign_id.in_(select(Campaign.id).where(Campaign.team_id == team_id)),)


def record_task_change(
    *, session: Session, task_id: int, from_status: str | None, to_status: str, actor_id: str, at: datetime,
    reason: str | None = None,
) -> None:
    session.add(TaskStatusChange(task_id=task_id, from_status=from_status, to_status=to_status, actor_id=actor_id,
                                 at=at, reason=reason))


def task_history(*, session: Session, task_id: int) -> Sequence[TaskStatusChange]:
    return session.scalars(
        select(TaskStatusChange).where(TaskStatusChange.task_id == task_id).order_by(TaskStatusChange.id)
    ).all()


def milestones_of_campaign(*, session: Session, campaign_id: int) -> Sequence[Milestone]:
    return session.scalars(
        select(Milestone).where(Milestone.campaign_id == campaign_id).order_by(Milestone.on_date, Milestone.id)
    ).all()


def upsert_milestone(
    *, session: Session, campaign_id: int, name: str, on_date: date, created_by: str, at: datetime,
    owner_id: str | None = None,
) -> tuple[Milestone, str]:
    """Add a milestone, or move the one with the same name: "added", "moved" or "unchanged". An owner given
    replaces the one it had; a missed milestone moved to another day is open again."""
    existing = session.scalars(
        select(Milestone).where(Milestone.campaign_id == campaign_id, Milestone.name == name)
    ).first()
    if existing is not None:
        if owner_id is not None:
            existing.owner_id = owner_id
        if existing.on_date == on_date:
            return existing, "unchanged"
        existing.on_date = on_date
        if existing.state == "missed":
            existing.state = "open"
        return existing, "moved"
    milestone = Milestone(campaign_id=campaign_id, name=name, on_date=on_date, created_by=created_by, created_at=at,
                          owner_id=owner_id)
    session.add(milestone)
    return milestone, "added"


def add_table_import(*, session: Session, table_import: TableImport) -> TableImport:
    session.add(table_import)
    session.flush()
    return table_import


def get_table_import(
    *, session: Session, import_id: int, team_id: str | None, for_update: bool = False
) -> TableImport | None:
    statement = select(TableImport).where(TableImport.id == import_id, *_in_team(TableImport.campaign_id, team_id))
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def take_pending_import(*, session: Session, import_id: int, team_id: str | None) -> bool:
    """Move a pending import to committed, if it still is pending: a compare-and-set, so of several simultaneous
    Confirms exactly one goes on. On SQLite this UPDATE is the transaction's first write, so it waits for the
    writer before it and then sees that writer's result (a SELECT … FOR UPDATE is a no-op there)."""
    result = session.execute(
        update(TableImport).where(TableImport.id == import_id, TableImport.status == "pending",
                                  *_in_team(TableImport.campaign_id, team_id))
        .values(status="committed")
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def tasks_due_for_reminder(*, session: Session, now: datetime, limit: int) -> Sequence[Task]:
    """Tasks whose next reminder is due, locked for this pass; rows another process holds are skipped."""
    return session.scalars(
        select(Task).where(Task.next_reminder_at <= now).order_by(Task.next_reminder_at, Task.id).limit(limit)
        .with_for_update(skip_locked=True)
    ).all()


def milestones_due_for_reminder(*, session: Session, now: datetime, limit: int) -> Sequence[Milestone]:
    return session.scalars(
        select(Milestone).where(Milestone.next_reminder_at <= now)
        .order_by(Milestone.next_reminder_at, Milestone.id).limit(limit).with_for_update(skip_locked=True)
    ).all()


def active_tasks_of_campaign(*, session: Session, campaign_id: int) -> Sequence[Task]:
    return session.scalars(
        select(Task).where(Task.campaign_id == campaign_id, Task.status.in_(_ACTIVE)).order_by(Task.id)
    ).all()
