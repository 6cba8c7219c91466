"""The ladder use case on its own (no Slack): a due step reads the plan snapshot the incident was opened with,
whatever the campaign's plan says by then."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select

from bot.incidents.rules.escalation import StepKind
from bot.incidents.service import incidents as incident_service
from bot.incidents.service.ladder import perform_due_step
from bot.plan.rules.emergency_plan import IncidentKind, Severity
from storage.models import Campaign, Incident, OutboxMessage
from storage.session import SessionFactory, session_scope

NOW = datetime(2026, 5, 6, 6, 0, tzinfo=UTC)
MINUTE = timedelta(minutes=1)


def _campaign(session_factory: SessionFactory) -> int:
    with session_scope(session_factory) as session:
        campaign = Campaign(
            team_id="T1", name="Spring Sale", objective="sales", status="running", start_date=date(2026, 5, 1),
            end_date=date(2026, 5, 31), owner_id="U_OWNER", channel_id="C1", budget=Decimal("100"), timezone="UTC",
            created_by="U_OWNER", created_at=NOW, updated_at=NOW, emergency_plan=json.dumps({"sponsor": "U_OLD"}),
        )
        session.add(campaign)
        session.flush()
        return campaign.id or 0


def _step(session_factory: SessionFactory, at: datetime) -> StepKind | None:
    with session_scope(session_factory) as session:
        incident = session.scalars(select(Incident)).one()
        done = perform_due_step(session=session, incident_id=incident.id or 0, run_id=incident.run_id, now=at)
        return done.kind if done else None


def test_a_due_step_follows_the_snapshot_not_the_edited_plan(session_factory: SessionFactory) -> None:
    campaign_id = _campaign(session_factory)
    with session_scope(session_factory) as session:
        incident = incident_service.open_incident(
            session=session, campaign_id=campaign_id, kind=IncidentKind.EQUIPMENT, severity=Severity.MINOR,
            description="Main screen down", reporter_id="U_REP", now=NOW, team_id="T1")
        assert json.loads(incident.emergency_plan)["sponsor"] == "U_OLD"
    with session_scope(session_factory) as session:
        campaign = session.get_one(Campaign, campaign_id)
        slow = {"acknowledge_minutes": 120, "resolve_minutes": 240, "escalate_minutes": 120}
        campaign.emergency_plan = json.dumps({"sponsor": "U_NEW", "targets": {"equipment": slow}})
    assert _step(session_factory, NOW + 5 * MINUTE) == StepKind.PAGE_OWNER  # the snapshot's 5 minutes
    assert _step(session_factory, NOW + 10 * MINUTE) == StepKind.PAGE_SPONSOR
    with session_scope(session_factory) as session:
        paged = session.scalars(select(OutboxMessage.channel).where(
            OutboxMessage.kind == "incident_sponsor_paged")).all()
    assert paged == ["U_OLD"]
