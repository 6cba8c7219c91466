"""Queries for feedback items (complaints followed through). None of them commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from storage.models import Campaign, FeedbackItem

OPEN = "open"


def get_item(*, session: Session, item_id: int, team_id: str | None, for_update: bool = False) -> FeedbackItem | None:
    """The item in workspace `team_id` (None: a trusted caller, e.g. a pass reading ids from the database)."""
    statement = select(FeedbackItem).where(FeedbackItem.id == item_id)
    if team_id is not None:
        statement = statement.where(FeedbackItem.campaign_id.in_(  # type: ignore[attr-defined]
            select(Campaign.id).where(Campaign.team_id == team_id)))
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def item_of_report(*, session: Session, report_id: int, for_update: bool = False) -> FeedbackItem | None:
    statement = select(FeedbackItem).where(FeedbackItem.report_id == report_id)
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def open_items(*, session: Session, campaign_id: int) -> Sequence[FeedbackItem]:
    """Open complaints, oldest first: the one waiting longest is the one to answer first."""
    return session.scalars(
        select(FeedbackItem).where(FeedbackItem.campaign_id == campaign_id, FeedbackItem.status == OPEN)
        .order_by(FeedbackItem.opened_at, FeedbackItem.id)
    ).all()


def items_of_campaign(*, session: Session, campaign_id: int) -> Sequence[FeedbackItem]:
    return session.scalars(
        select(FeedbackItem).where(FeedbackItem.campaign_id == campaign_id).order_by(FeedbackItem.id)
    ).all()


def due_for_escalation(*, session: Session, now: datetime, limit: int) -> Sequence[FeedbackItem]:
    """Items whose escalation is due, locked for this pass; rows another process holds are skipped."""
    return session.scalars(
        select(FeedbackItem).where(FeedbackItem.escalate_at <= now)  # type: ignore[operator]
        .order_by(FeedbackItem.escalate_at, FeedbackItem.id).limit(limit).with_for_update(skip_locked=True)
    ).all()
