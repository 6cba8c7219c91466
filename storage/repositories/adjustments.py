"""Queries of incident adjustments (Cause & adjustment). Keyword-only; none of them commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from storage.models import IncidentAdjustment


def add(*, session: Session, adjustment: IncidentAdjustment) -> IncidentAdjustment:
    session.add(adjustment)
    session.flush()
    return adjustment


def count_of_incident(*, session: Session, incident_id: int) -> int:
    return int(session.scalar(select(func.count()).select_from(IncidentAdjustment)
                              .where(IncidentAdjustment.incident_id == incident_id)) or 0)


def of_campaign(*, session: Session, campaign_id: int, before: datetime | None = None) -> Sequence[IncidentAdjustment]:
    """The campaign's adjustments, oldest first; with `before`, only those recorded by then."""
    statement = select(IncidentAdjustment).where(IncidentAdjustment.campaign_id == campaign_id)
    if before is not None:
        statement = statement.where(IncidentAdjustment.created_at <= before)
    return session.scalars(statement.order_by(IncidentAdjustment.created_at, IncidentAdjustment.id)).all()
