"""Tables. Timestamps are timezone-aware UTC; money and targets are exact decimals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import Amount, UTCDateTime

LIVE_STATUS_SQL = "status NOT IN ('closed', 'cancelled')"


class Campaign(SQLModel, table=True):
    __tablename__ = "campaign"
    __table_args__ = (
        # One live campaign per name (case-insensitive); the service checks first for a friendly message,
        # the index closes the race between two simultaneous submissions.
        Index(
            "uq_campaign_live_name",
            "team_id",
            text("lower(name)"),
            unique=True,
            sqlite_where=text(LIVE_STATUS_SQL),
            postgresql_where=text(LIVE_STATUS_SQL),
        ),
        Index("ix_campaign_channel", "channel_id"),
        Index("ix_campaign_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(default="", sa_column=Column(String(32), nullable=False, server_default=""))
    name: str = Field(sa_column=Column(String(150), nullable=False))
    theme: str = Field(default="", sa_column=Column(String(3000), nullable=False, server_default=""))
    objective: str = Field(sa_column=Column(String(20), nullable=False))
    status: str = Field(default="draft", sa_column=Column(String(20), nullable=False))
    start_date: date
    end_date: date
    warmup_start: date | None = None
    burst_start: date | None = None
    longtail_start: date | None = None
    owner_id: str = Field(sa_column=Column(String(32), nullable=False))
    channel_id: str = Field(sa_column=Column(String(32), nullable=False))
    budget: Decimal = Field(sa_column=Column(Amount, nullable=False))
    contingency_pct: int = 10
    timezone: str = Field(sa_column=Column(String(64), nullable=False))
    created_by: str = Field(sa_column=Column(String(32), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    approved_by: str | None = Field(default=None, sa_column=Column(String(32)))
    approved_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    announcement_channel: str | None = Field(default=None, sa_column=Column(String(32)))
    announcement_ts: str | None = Field(default=None, sa_column=Column(String(32)))
    # The scheduler's next lifecycle event (start, phase starts, end); NULL when nothing is scheduled.
    next_event_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, index=True))
    # Per-campaign overrides of bot.reminders.ReminderSettings, as JSON; NULL means the defaults.
    reminder_settings: str | None = Field(default=None, sa_column=Column(Text))


class KpiTarget(SQLModel, table=True):
    __tablename__ = "kpi_target"
    __table_args__ = (UniqueConstraint("campaign_id", "metric", name="uq_kpi_target_metric"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    metric: str = Field(sa_column=Column(String(32), nullable=False))
    target: Decimal = Field(sa_column=Column(Amount, nullable=False))


class CampaignStatusChange(SQLModel, table=True):
    """Every status move, kept for the evaluation and for audits."""

    __tablename__ = "campaign_status_change"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    from_status: str | None = Field(default=None, sa_column=Column(String(20)))
    to_status: str = Field(sa_column=Column(String(20), nullable=False))
    actor_id: str = Field(sa_column=Column(String(32), nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class Task(SQLModel, table=True):
    """One row of the division-of-labour table (活动执行分工表), one owner each."""

    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_campaign", "campaign_id", "status"),
        Index("ix_task_owner_due", "owner_id", "status", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False))
    title: str = Field(sa_column=Column(String(1000), nullable=False))
    owner_id: str = Field(sa_column=Column(String(32), nullable=False))
    collaborators: str = Field(default="", sa_column=Column(String(500), nullable=False, server_default=""))
    due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    deliverable: str = Field(default="", sa_column=Column(String(2000), nullable=False, server_default=""))
    phase: str | None = Field(default=None, sa_column=Column(String(20)))
    phase_label: str | None = Field(default=None, sa_column=Column(String(100)))
    notes: str = Field(default="", sa_column=Column(String(4000), nullable=False, server_default=""))
    status: str = Field(default="open", sa_column=Column(String(20), nullable=False))
    blocked_reason: str | None = Field(default=None, sa_column=Column(String(2000)))
    owner_tz: str | None = Field(default=None, sa_column=Column(String(64)))  # from Slack; reminders use it
    next_reminder_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, index=True))
    created_by: str = Field(sa_column=Column(String(32), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class TaskStatusChange(SQLModel, table=True):
    """Who moved a task, when, from what to what: the evaluation's on-time rate is computed from these."""

    __tablename__ = "task_status_change"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=Column(ForeignKey("task.id", ondelete="CASCADE"), nullable=False, index=True))
    from_status: str | None = Field(default=None, sa_column=Column(String(20)))
    to_status: str = Field(sa_column=Column(String(20), nullable=False))
    actor_id: str = Field(sa_column=Column(String(32), nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    reason: str | None = Field(default=None, sa_column=Column(String(2000)))


class Milestone(SQLModel, table=True):
    __tablename__ = "milestone"
    __table_args__ = (UniqueConstraint("campaign_id", "name", name="uq_milestone_name"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(sa_column=Column(String(200), nullable=False))
    on_date: date
    next_reminder_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, index=True))
    created_by: str = Field(sa_column=Column(String(32), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class TableImport(SQLModel, table=True):
    """A parsed table waiting for Confirm: the preview is shown from it and the commit reads it, never the client."""

    __tablename__ = "table_import"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    user_id: str = Field(sa_column=Column(String(32), nullable=False))
    source: str = Field(sa_column=Column(String(300), nullable=False))
    status: str = Field(default="pending", sa_column=Column(String(20), nullable=False))
    payload: str = Field(sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class OutboxMessage(SQLModel, table=True):
    """Something the bot must say, written in the same transaction as the decision to say it.

    The idempotency key makes "say it once" a database constraint; the lease lets several processes deliver
    without sending a message twice, and lets a crashed process's claims expire.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("idempotency_key", name="uq_outbox_key"),
        Index("ix_outbox_due", "status", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    idempotency_key: str = Field(sa_column=Column(String(200), nullable=False))
    kind: str = Field(sa_column=Column(String(40), nullable=False))
    campaign_id: int | None = Field(default=None, sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE")))
    channel: str = Field(sa_column=Column(String(32), nullable=False))
    text: str = Field(sa_column=Column(Text, nullable=False))
    blocks: str | None = Field(default=None, sa_column=Column(Text))
    status: str = Field(default="pending", sa_column=Column(String(20), nullable=False))
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    lease_owner: str | None = Field(default=None, sa_column=Column(String(64)))
    lease_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    last_error: str | None = Field(default=None, sa_column=Column(String(500)))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    message_ts: str | None = Field(default=None, sa_column=Column(String(32)))
