"""Queries for the review (复盘): budget lines, lessons, task completion times, incident events, and finding a
campaign by name whatever its status. Keyword-only; none of them commits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES
from bot.plan.rules.budget_lines import BudgetLine
from bot.tasks.rules.tasks import TaskStatus
from storage.models import (
    BudgetPlanLine,
    Campaign,
    CampaignLesson,
    Incident,
    IncidentEvent,
    Task,
    TaskStatusChange,
)

_LIVE = [status.value for status in LIVE_STATUSES]


def budget_plan(*, session: Session, campaign_id: int) -> dict[BudgetLine, Decimal]:
    rows = session.scalars(select(BudgetPlanLine).where(BudgetPlanLine.campaign_id == campaign_id)).all()
    known = {line.value for line in BudgetLine}
    return {BudgetLine(row.line): row.planned for row in rows if row.line in known}


def replace_budget_plan(
    *, session: Session, campaign_id: int, plan: Mapping[BudgetLine, Decimal], actor_id: str, at: datetime
) -> None:
    session.execute(delete(BudgetPlanLine).where(BudgetPlanLine.campaign_id == campaign_id))
    for line, planned in plan.items():
        session.add(BudgetPlanLine(campaign_id=campaign_id, line=line.value, planned=planned, updated_by=actor_id,
                                   updated_at=at))


def lessons(*, session: Session, campaign_id: int) -> Sequence[CampaignLesson]:
    return session.scalars(
        select(CampaignLesson).where(CampaignLesson.campaign_id == campaign_id).order_by(CampaignLesson.created_at,
                                                                                       CampaignLesson.id)
    ).all()


def lesson_of(*, session: Session, campaign_id: int, author_id: str, for_update: bool = False
              ) -> CampaignLesson | None:
    statement = select(CampaignLesson).where(CampaignLesson.campaign_id == campaign_id,
                                             CampaignLesson.author_id == author_id)
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def tasks_with_done_time(*, session: Session, campaign_id: int) -> list[tuple[Task, datetime | None]]:
    """Every task of the campaign with the moment it last became done (None when it is not done)."""
    done_at = (
        select(TaskStatusChange.task_id, func.max(TaskStatusChange.at).label("done_at"))
        .join(Task, Task.id == TaskStatusChange.task_id)
        .where(Task.campaign_id == campaign_id, TaskStatusChange.to_status == TaskStatus.DONE.value)
        .group_by(TaskStatusChange.task_id)
        .subquery()
    )
    rows = session.execute(
        select(Task, done_at.c.done_at).outerjoin(done_at, done_at.c.task_id == Task.id)
        .where(Task.campaign_id == campaign_id).order_by(Task.id)
    ).all()
    # func.max keeps its argument's type (UTCDateTime), so the moment comes back aware on both backends.
    return [(task, moment if task.status == TaskStatus.DONE else None) for task, moment in rows]


def incidents_with_events(*, session: Session, campaign_id: int
                          ) -> list[tuple[Incident, list[tuple[str, datetime]]]]:
    """The campaign's incidents, each with its events (kind, at) oldest first: two queries, not one per incident."""
    incidents = session.scalars(select(Incident).where(Incident.campaign_id == campaign_id).order_by(Incident.id)).all()
    events: dict[int, list[tuple[str, datetime]]] = {incident.pk: [] for incident in incidents}
    if incidents:
        rows = session.execute(
            select(IncidentEvent.incident_id, IncidentEvent.kind, IncidentEvent.at)
            .join(Incident, Incident.id == IncidentEvent.incident_id)
            .where(Incident.campaign_id == campaign_id).order_by(IncidentEvent.at, IncidentEvent.id)
        ).all()
        for incident_id, kind, at in rows:
            events[incident_id].append((kind, at))
    return [(incident, events[incident.pk]) for incident in incidents]


def find_campaign_by_name(*, session: Session, team_id: str, name: str) -> Campaign | None:
    """The live campaign of that name, else the most recent finished one (closed campaigns can share a name)."""
    rows = session.scalars(
        select(Campaign).where(Campaign.team_id == team_id, func.lower(Campaign.name) == name.lower())
        .order_by(Campaign.end_date.desc(), Campaign.id.desc())
    ).all()
    live = [row for row in rows if row.status in _LIVE]
    return (live or list(rows) or [None])[0]


def newest_campaign_in_channel(*, session: Session, team_id: str, channel_id: str) -> Campaign | None:
    """The channel's most recent campaign of any status: a closed campaign's channel still answers `summary`."""
    return session.scalars(
        select(Campaign).where(Campaign.team_id == team_id, Campaign.channel_id == channel_id,
                               Campaign.status != "cancelled")
        .order_by(Campaign.end_date.desc(), Campaign.id.desc()).limit(1)
    ).first()


def hold_campaign(*, session: Session, campaign_id: int) -> None:
    """Serialise review requests of one campaign until the caller's transaction ends: a no-op write to its row
    (a row lock on PostgreSQL; on SQLite the first write of the transaction, which waits for the writer before it)."""
    session.execute(update(Campaign).where(Campaign.id == campaign_id).values(id=Campaign.id))
