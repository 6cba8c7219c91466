"""Incidents and the events of their escalation ladders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Text, text
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import UTCDateTime

OPEN_DEDUPE_SQL = "dedupe_key IS NOT NULL AND status != 'resolved'"

class Incident(Stored, table=True):
    """A problem reported under the emergency plan, with its escalation ladder's state (bot.escalation).

    `run_id` changes with every state change; a scheduler step that read an older one is dropped, so an
    Acknowledge or Resolve stops the ladder even while a pass is running.
    """

    __tablename__ = "incident"
    __table_args__ = (
        Index("ix_incident_campaign", "campaign_id", "status"),
        Index("ix_incident_dedupe", "campaign_id", "dedupe_key"),
        # One unresolved incident per automatic check: two simultaneous checks cannot both open one.
        Index("uq_incident_open_dedupe", "campaign_id", "dedupe_key", unique=True,
              sqlite_where=text(OPEN_DEDUPE_SQL), postgresql_where=text(OPEN_DEDUPE_SQL)),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False))
    kind: str = Field(sa_column=Column(String(20), nullable=False))
    severity: str = Field(sa_column=Column(String(20), nullable=False))
    description: str = Field(sa_column=Column(String(2000), nullable=False))
    reporter_id: str = Field(sa_column=Column(String(32), nullable=False))
    responder_id: str = Field(sa_column=Column(String(32), nullable=False))
    status: str = Field(default="open", sa_column=Column(String(20), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    acknowledged_by: str | None = Field(default=None, sa_column=Column(String(32)))
    acknowledged_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    resolved_by: str | None = Field(default=None, sa_column=Column(String(32)))
    resolved_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    step: int = 0
    stepped_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    reminded_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    next_step_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, index=True))
    run_id: str = Field(sa_column=Column(String(32), nullable=False))
    # Opened automatically (e.g. by anomaly detection): one open incident per campaign and key.
    dedupe_key: str | None = Field(default=None, sa_column=Column(String(200)))
    # Where the card with the buttons was posted, for re-rendering it.
    message_channel: str | None = Field(default=None, sa_column=Column(String(32)))
    message_ts: str | None = Field(default=None, sa_column=Column(String(32)))
    # The campaign's emergency plan as it was when the incident opened (EmergencyPlan.snapshot()): its ladder
    # follows this, so editing the plan does not change a running ladder. "{}" reads as the default plan.
    emergency_plan: str = Field(default="{}", sa_column=Column(Text, nullable=False, server_default="{}"))
    # What the pace check said was behind (bot.adjustments.rules.dump_subjects): prefills Cause & adjustment.
    subjects: str | None = Field(default=None, sa_column=Column(Text))


class IncidentEvent(Stored, table=True):
    """Every step of an incident with its time: opened, notified, paged, acknowledged, resolved… (MTTA, MTTR)."""

    __tablename__ = "incident_event"

    id: int | None = Field(default=None, primary_key=True)
    incident_id: int = Field(
        sa_column=Column(ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    kind: str = Field(sa_column=Column(String(30), nullable=False))
    actor_id: str | None = Field(default=None, sa_column=Column(String(32)))  # None: the scheduler
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    detail: str | None = Field(default=None, sa_column=Column(String(500)))
