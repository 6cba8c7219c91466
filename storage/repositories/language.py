"""A person's chosen language. Keyword-only, never commits."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import Session

from storage.models import UserLanguage


def chosen_language(*, session: Session, user_id: str) -> str | None:
    """The person's latest choice in any workspace (Slack user ids are unique across them), None for `auto`."""
    return session.scalar(
        select(UserLanguage.language).where(UserLanguage.user_id == user_id)
        .order_by(UserLanguage.updated_at.desc()).limit(1)
    )


def choose_language(*, session: Session, team_id: str, user_id: str, language: str | None, at: datetime) -> None:
    """Keep `language` for the person; None removes the choice (back to the Slack locale)."""
    if language is None:
        session.execute(delete(UserLanguage).where(UserLanguage.user_id == user_id))
        return
    row = session.get(UserLanguage, (team_id, user_id))
    if row is None:
        session.add(UserLanguage(team_id=team_id, user_id=user_id, language=language, updated_at=at))
    else:
        row.language, row.updated_at = language, at
        session.add(row)
    session.flush()
