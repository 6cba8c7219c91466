"""Queries for incidents and their events. Keyword-only; none of them commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from storage.models import Campaign, Incident, IncidentEvent, OutboxMessage

RESOLVED = "resolved"


def add_incident(*, session: Session, incident: Incident) -> Incident:
    session.add(incident)
    session.flush()  # assigns the id that events and outbox keys refer to
    return incident


def get_incident(
    *, session: Session, incident_id: int, team_id: str | None, for_update: bool = False
) -> Incident | None:
    """The incident in workspace `team_id` (None: the ladder's own steps, which read ids from the database)."""
    statement = select(Incident).where(Incident.id == incident_id)
    if team_id is not None:
        statement = statement.where(Incident.campaign_id.in_(  # type: ignore[attr-defined]
            select(Campaign.id).where(Campaign.team_id == team_id)))
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def open_incident_by_key(
    *, session: Session, campaign_id: int, dedupe_key: str, for_update: bool = False
) -> Incident | None:
    """The unresolved incident of a campaign opened with `dedupe_key`, if any."""
    statement = (
        select(Incident)
        .where(Incident.campaign_id == campaign_id, Incident.dedupe_key == dedupe_key, Incident.status != RESOLVED)
        .order_by(Incident.id)
    )
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def incidents_of_campaign(*, session: Session, campaign_id: int) -> Sequence[Incident]:
    return session.scalars(select(Incident).where(Incident.campaign_id == campaign_id).order_by(Incident.id)).all()


def due_steps(*, session: Session, now: datetime, limit: int) -> list[tuple[int, str]]:
    """(id, run id) of incidents whose next ladder step is due. Rows another process holds are skipped; each
    step then runs in a transaction of its own that locks the row again and drops a stale run."""
    rows = session.execute(
        select(Incident.id, Incident.run_id).where(Incident.next_step_at <= now)
        .order_by(Incident.next_step_at, Incident.id).limit(limit).with_for_update(skip_locked=True)
    ).all()
    return [(incident_id, run_id) for incident_id, run_id in rows]


def record_event(
    *, session: Session, incident_id: int, kind: str, at: datetime, actor_id: str | None = None,
    detail: str | None = None,
) -> None:
    session.add(IncidentEvent(incident_id=incident_id, kind=kind, actor_id=actor_id, at=at,
                              detail=detail[:500] if detail else None))


def events_of(*, session: Session, incident_id: int) -> Sequence[IncidentEvent]:
    return session.scalars(
        select(IncidentEvent).where(IncidentEvent.incident_id == incident_id).order_by(IncidentEvent.id)
    ).all()


def delivered_dm(*, session: Session, incident_id: int, user_id: str, message_ts: str) -> OutboxMessage | None:
    """The incident's direct message to `user_id` that Slack delivered as `message_ts`; failing that, the latest
    one delivered to them (a click names the IM channel, not the user, and no ts when replayed by hand)."""
    rows = session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.idempotency_key.startswith(f"incident:{incident_id}:"),  # type: ignore[union-attr]
            OutboxMessage.channel == user_id, OutboxMessage.message_ts.is_not(None),  # type: ignore[union-attr]
        ).order_by(OutboxMessage.id.desc())  # type: ignore[union-attr]
    ).all()
    return next((row for row in rows if row.message_ts == message_ts), rows[0] if rows else None)
