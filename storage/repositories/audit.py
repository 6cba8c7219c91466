"""The audit log: add an entry in the caller's transaction, read a campaign's newest entries. None of these commits."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlmodel import Session

from storage.models import AuditEntry


def add(*, session: Session, entry: AuditEntry) -> None:
    session.add(entry)


def newest(*, session: Session, team_id: str, campaign_id: int, limit: int, offset: int = 0
           ) -> tuple[Sequence[AuditEntry], int]:
    """A page of the campaign's entries, newest first, and how many there are in all."""
    where = (AuditEntry.team_id == team_id, AuditEntry.campaign_id == campaign_id)
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*where)) or 0
    rows = session.scalars(
        select(AuditEntry).where(*where).order_by(AuditEntry.id.desc()).offset(offset).limit(limit)  # type: ignore[union-attr]
    ).all()
    return rows, total
