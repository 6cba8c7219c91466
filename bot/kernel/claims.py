"""Doing a thing once: a modal submission or a Slack event claimed by its key, so a replay is answered quietly."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.kernel.services import Services
from storage import claims as claim_repository


def first(*, session: Session, key: str, now: datetime) -> bool:
    """Claim `key` in the caller's transaction: False when it was claimed already. A transaction that rolls back
    (a rejected submission) releases its claim."""
    return claim_repository.claim(session=session, key=key, at=now)


def first_event(services: Services, event_id: str) -> bool:
    """Claim a Slack event in its own transaction: Slack resends an event it thinks we missed, with the same id."""
    with services.unit_of_work() as session:
        return first(session=session, key=f"event:{event_id}", now=services.clock.now())
