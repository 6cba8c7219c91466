"""Claims on Slack requests: the first claim of a key wins, every later one is told it was already done."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import RequestClaim


def claim(*, session: Session, key: str, at: datetime) -> bool:
    """True when this call claimed `key`. A concurrent claimer waits for the first transaction and then loses."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    statement = (insert(RequestClaim).values(key=key[:200], at=at).on_conflict_do_nothing(index_elements=["key"])
                 .returning(RequestClaim.key))
    return session.execute(statement).scalar_one_or_none() is not None


def forget_before(*, session: Session, before: datetime) -> int:
    """Slack retries within minutes and views live for hours: older claims can go."""
    result = session.execute(delete(RequestClaim).where(RequestClaim.at < before))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]
