"""Campaigns, their targets, budget plan, milestones, lessons and status history."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import Amount, UTCDateTime

LIVE_STATUS_SQL = "status NOT IN ('closed', 'cancelled')"

class Campaign(Stored, table=True):
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
    # Per-campaign overrides of bot.campaigns.rules.reminders.ReminderSettings, as JSON; NULL means the defaults.
    reminder_settings: str | None = Field(default=None, sa_column=Column(Text))
    # Overrides of bot.anomalies.AnomalySettings (deviation threshold, severity tiers), as JSON; NULL: defaults.
    anomaly_settings: str | None = Field(default=None, sa_column=Column(Text))
    # bot.pace.rules.pace.PhaseWeights as JSON: the share of each target expected per phase; NULL: a linear pace.
    pace_weights: str | None = Field(default=None, sa_column=Column(Text))
    # The daily summary (and the anomaly check after it) next due; NULL outside the execution window.
    next_summary_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, index=True))
    # Per-campaign emergency plan (bot.emergency_plan.EmergencyPlan) as JSON: responders per kind, executive
    # sponsor, target overrides; NULL means the defaults with the owner answering everything.
    emergency_plan: str | None = Field(default=None, sa_column=Column(Text))
    # Whose public holidays count (ISO 3166 code, bot.campaigns.rules.holidays): NULL follows the time zone, '' is none.
    country: str | None = Field(default=None, sa_column=Column(String(8)))
    # The locale its channel messages, review and PDF are written in ('en', 'zh-CN', 'zh-TW'); NULL: the owner's.
    language: str | None = Field(default=None, sa_column=Column(String(16)))


class KpiTarget(Stored, table=True):
    __tablename__ = "kpi_target"
    __table_args__ = (UniqueConstraint("campaign_id", "metric", name="uq_kpi_target_metric"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    metric: str = Field(sa_column=Column(String(32), nullable=False))
    target: Decimal = Field(sa_column=Column(Amount, nullable=False))


class CampaignStatusChange(Stored, table=True):
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


class Milestone(Stored, table=True):
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
    # Who answers for it (负责人); NULL: the campaign's owner.
    owner_id: str | None = Field(default=None, sa_column=Column(String(32)))
    # bot.readiness.rules.MilestoneState: open, done (hit) or missed.
    state: str = Field(default="open", sa_column=Column(String(10), nullable=False, server_default="open"))
    done_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    done_by: str | None = Field(default=None, sa_column=Column(String(32)))


class BudgetPlanLine(Stored, table=True):
    """The planned amount of one budget line (bot.plan.rules.budget_lines.BudgetLine); a line without a row is
    not planned."""

    __tablename__ = "budget_line"
    __table_args__ = (UniqueConstraint("campaign_id", "line", name="uq_budget_line"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    line: str = Field(sa_column=Column(String(20), nullable=False))
    planned: Decimal = Field(sa_column=Column(Amount, nullable=False))
    updated_by: str = Field(sa_column=Column(String(32), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class CampaignLesson(Stored, table=True):
    """One person's lessons for the review (复盘); adding lessons again edits that person's entry."""

    __tablename__ = "campaign_lesson"
    __table_args__ = (UniqueConstraint("campaign_id", "author_id", name="uq_campaign_lesson_author"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    author_id: str = Field(sa_column=Column(String(32), nullable=False))
    worked: str = Field(default="", sa_column=Column(String(3000), nullable=False, server_default=""))
    fell_short: str = Field(default="", sa_column=Column(String(3000), nullable=False, server_default=""))
    next_time: str = Field(default="", sa_column=Column(String(3000), nullable=False, server_default=""))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
