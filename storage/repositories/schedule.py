"""When is the next moment anything is due? Every `next_*_at` column the scheduler passes read, in one query each."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from storage.models import Campaign, CampaignReporter, ChecklistItem, Incident, Milestone, OutboxMessage, Task
from storage.repositories.delivery import PENDING

# (column, extra condition). A test checks every next_*_at column of the models is listed here.
FIRE_TIMES: tuple[tuple[ColumnElement, ColumnElement | None], ...] = (
    (Campaign.next_event_at, None),  # type: ignore[arg-type]
    (Campaign.next_summary_at, None),  # type: ignore[arg-type]
    (Task.next_reminder_at, None),  # type: ignore[arg-type]
    (Milestone.next_reminder_at, None),  # type: ignore[arg-type]
    (ChecklistItem.next_reminder_at, None),  # type: ignore[arg-type]
    (CampaignReporter.next_prompt_at, None),  # type: ignore[arg-type]
    (Incident.next_step_at, None),  # type: ignore[arg-type]
    (OutboxMessage.next_attempt_at, OutboxMessage.status == PENDING),  # type: ignore[arg-type]
)


def next_fire_after(*, session: Session, after: datetime) -> datetime | None:
    """The earliest fire time strictly after `after`, or None when nothing is scheduled."""
    found: list[datetime] = []
    for column, condition in FIRE_TIMES:
        query = select(func.min(column)).where(column > after)
        if condition is not None:
            query = query.where(condition)
        value = session.scalar(query)
        if value is not None:
            found.append(value)
    return min(found) if found else None
