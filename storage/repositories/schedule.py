"""When is the next moment anything is due? Every `next_*_at` column the scheduler passes read, in one query each.
And the due rows a pass holds back after failing on them (`HeldRow`): marked, released, listed for /metrics."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session

from storage.models import (
    Campaign,
    CampaignReporter,
    ChecklistItem,
    HeldRow,
    Incident,
    Milestone,
    OutboxMessage,
    Task,
)
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
    (HeldRow.next_retry_at, None),  # type: ignore[arg-type]
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


def marks_of(*, session: Session, pass_name: str) -> dict[int, HeldRow]:
    """The pass's marked rows by row id, held back or due for a retry (normally none at all)."""
    return {mark.row_id: mark for mark in session.scalars(select(HeldRow).where(HeldRow.pass_name == pass_name))}


def hold(*, session: Session, pass_name: str, row_id: int, campaign_id: int | None, error: str, now: datetime,
         delay: Callable[[int], timedelta]) -> HeldRow:
    """Count one more failure of the row and hold it back for `delay(failures)`."""
    mark = session.get(HeldRow, (pass_name, row_id))
    if mark is None:
        mark = HeldRow(pass_name=pass_name, row_id=row_id, campaign_id=campaign_id, failures=0, error="",
                       failed_at=now, next_retry_at=now)
        session.add(mark)
    mark.failures += 1
    mark.error, mark.failed_at, mark.next_retry_at = error[:120], now, now + delay(mark.failures)
    return mark


def release(*, session: Session, pass_name: str, row_ids: Collection[int]) -> None:
    """The rows went through: no longer held back."""
    if row_ids:
        session.execute(delete(HeldRow).where(HeldRow.pass_name == pass_name,
                                              HeldRow.row_id.in_(row_ids)))  # type: ignore[attr-defined]


def held_rows(*, session: Session) -> list[tuple[str, int | None, int]]:
    """(pass, campaign id, failures) of every marked row, for /metrics."""
    rows = session.execute(select(HeldRow.pass_name, HeldRow.campaign_id, HeldRow.failures)
                           .order_by(HeldRow.pass_name, HeldRow.row_id)).all()
    return [(pass_name, campaign_id, failures) for pass_name, campaign_id, failures in rows]
