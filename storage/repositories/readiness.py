"""Queries for the readiness list (checklist items) and milestones' follow-through. None of them commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlmodel import Session

from storage.models import Campaign, ChecklistItem, Milestone, OutboxMessage


def items_of_campaign(*, session: Session, campaign_id: int) -> Sequence[ChecklistItem]:
    """Soonest due first (items without a day last), then in the order they were added."""
    return session.scalars(
        select(ChecklistItem).where(ChecklistItem.campaign_id == campaign_id)
        .order_by(ChecklistItem.due_date.is_(None), ChecklistItem.due_date, ChecklistItem.id)  # type: ignore[union-attr]
    ).all()


def has_items(*, session: Session, campaign_id: int) -> bool:
    return session.scalar(
        select(func.count()).select_from(ChecklistItem).where(ChecklistItem.campaign_id == campaign_id)
    ) != 0


def add_item(*, session: Session, item: ChecklistItem) -> ChecklistItem:
    session.add(item)
    session.flush()
    return item


def get_item(*, session: Session, item_id: int, team_id: str | None, for_update: bool = False
             ) -> ChecklistItem | None:
    """The item in workspace `team_id` (None: a trusted caller)."""
    statement = select(ChecklistItem).where(ChecklistItem.id == item_id)
    if team_id is not None:
        statement = statement.where(ChecklistItem.campaign_id.in_(  # type: ignore[attr-defined]
            select(Campaign.id).where(Campaign.team_id == team_id)))
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def items_due_for_reminder(*, session: Session, now: datetime, limit: int) -> Sequence[ChecklistItem]:
    return session.scalars(
        select(ChecklistItem).where(ChecklistItem.next_reminder_at <= now)  # type: ignore[operator]
        .order_by(ChecklistItem.next_reminder_at, ChecklistItem.id).limit(limit).with_for_update(skip_locked=True)
    ).all()


def readiness_of(*, session: Session, campaign_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Campaign id → (items done, items); a campaign without items is left out."""
    if not campaign_ids:
        return {}
    rows = session.execute(
        select(ChecklistItem.campaign_id, func.count(ChecklistItem.done_at), func.count())
        .where(ChecklistItem.campaign_id.in_(campaign_ids))  # type: ignore[attr-defined]
        .group_by(ChecklistItem.campaign_id)
    ).all()
    return {campaign_id: (done, total) for campaign_id, done, total in rows}


def get_milestone(*, session: Session, milestone_id: int, team_id: str | None, for_update: bool = False
                  ) -> Milestone | None:
    statement = select(Milestone).where(Milestone.id == milestone_id)
    if team_id is not None:
        statement = statement.where(Milestone.campaign_id.in_(  # type: ignore[attr-defined]
            select(Campaign.id).where(Campaign.team_id == team_id)))
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def waiting_update_keys(*, session: Session, anchor_key: str) -> list[str]:
    """Keys of a card's edits still waiting to be sent (kind `update`), so a person's change goes out at once."""
    return list(session.scalars(
        select(OutboxMessage.idempotency_key).where(
            OutboxMessage.anchor_key == anchor_key, OutboxMessage.kind == "update",
            OutboxMessage.status == "pending", OutboxMessage.lease_owner.is_(None))  # type: ignore[union-attr]
    ).all())
