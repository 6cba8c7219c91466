"""Tables. Timestamps are timezone-aware UTC; money and targets are exact decimals."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, ForeignKey, Index, LargeBinary, String, Text, UniqueConstraint, text
from sqlmodel import Field, SQLModel

from storage.types import Amount, UTCDateTime

LIVE_STATUS_SQL = "status NOT IN ('closed', 'cancelled')"
OPEN_DEDUPE_SQL = "dedupe_key IS NOT NULL AND status != 'resolved'"


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
    # Per-campaign overrides of bot.domain.reminders.ReminderSettings, as JSON; NULL means the defaults.
    reminder_settings: str | None = Field(default=None, sa_column=Column(Text))
    # Overrides of bot.anomalies.AnomalySettings (deviation threshold, severity tiers), as JSON; NULL: defaults.
    anomaly_settings: str | None = Field(default=None, sa_column=Column(Text))
    # bot.domain.pace.PhaseWeights as JSON: the share of each target expected per phase; NULL: a linear pace.
    pace_weights: str | None = Field(default=None, sa_column=Column(Text))
    # The daily summary (and the anomaly check after it) next due; NULL outside the execution window.
    next_summary_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, index=True))
    # Per-campaign emergency plan (bot.emergency_plan.EmergencyPlan) as JSON: responders per kind, executive
    # sponsor, target overrides; NULL means the defaults with the owner answering everything.
    emergency_plan: str | None = Field(default=None, sa_column=Column(Text))
    # Whose public holidays count (ISO 3166 code, bot.domain.holidays): NULL follows the time zone, '' is none.
    country: str | None = Field(default=None, sa_column=Column(String(8)))
    # The locale its channel messages, review and PDF are written in ('en', 'zh-CN', 'zh-TW'); NULL: the owner's.
    language: str | None = Field(default=None, sa_column=Column(String(16)))


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
    """One row of the division-of-labour table (活动执行分工表), one owner each, or none yet (imported unassigned:
    the campaign's owner is reminded instead)."""

    __tablename__ = "task"
    __table_args__ = (
        Index("ix_task_campaign", "campaign_id", "status"),
        Index("ix_task_owner_due", "owner_id", "status", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False))
    title: str = Field(sa_column=Column(String(1000), nullable=False))
    owner_id: str | None = Field(default=None, sa_column=Column(String(32)))
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
    # A file to upload (the daily chart) instead of a plain message; `text` is then its comment.
    attachment: bytes | None = Field(default=None, sa_column=Column(LargeBinary))
    attachment_name: str | None = Field(default=None, sa_column=Column(String(200)))
    # The card this message belongs to: the idempotency key of the row that posted it. Kind "update" edits that
    # card (chat.update); any other kind is posted in its thread. Its ts is learnt when the card is delivered,
    # so a row may be written before the card is in Slack.
    anchor_key: str | None = Field(default=None, sa_column=Column(String(200)))
    thread_ts: str | None = Field(default=None, sa_column=Column(String(32)))


class Incident(SQLModel, table=True):
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


class IncidentEvent(SQLModel, table=True):
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


class CampaignReporter(SQLModel, table=True):
    """Someone who submits the daily report (活动日报), with the next prompt or nudge due for them."""

    __tablename__ = "campaign_reporter"
    __table_args__ = (UniqueConstraint("campaign_id", "user_id", name="uq_campaign_reporter"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    user_id: str = Field(sa_column=Column(String(32), nullable=False))
    tz: str | None = Field(default=None, sa_column=Column(String(64)))  # from Slack; prompts follow it
    next_prompt_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, index=True))


class ReportSource(SQLModel, table=True):
    """Where figures come from (WeChat, Douyin, Stores…); a campaign without any reports as "All"."""

    __tablename__ = "report_source"
    __table_args__ = (UniqueConstraint("campaign_id", "name", name="uq_report_source"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(sa_column=Column(String(80), nullable=False))
    position: int = 0


class DailyReport(SQLModel, table=True):
    """One reporter's figures for one day and source; submitting again updates it (history in revisions)."""

    __tablename__ = "daily_report"
    __table_args__ = (
        UniqueConstraint("campaign_id", "day", "source", "reporter_id", name="uq_daily_report"),
        Index("ix_daily_report_campaign_day", "campaign_id", "day"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False))
    day: date
    source: str = Field(sa_column=Column(String(80), nullable=False))
    reporter_id: str = Field(sa_column=Column(String(32), nullable=False))
    exposure: int | None = Field(default=None, sa_column=Column(BigInteger))
    clicks: int | None = Field(default=None, sa_column=Column(BigInteger))
    participants: int | None = Field(default=None, sa_column=Column(BigInteger))
    conversions: int | None = Field(default=None, sa_column=Column(BigInteger))
    new_members: int | None = Field(default=None, sa_column=Column(BigInteger))
    sales: Decimal | None = Field(default=None, sa_column=Column(Amount))
    spend: Decimal | None = Field(default=None, sa_column=Column(Amount))
    feedback: str = Field(default="", sa_column=Column(String(3000), nullable=False, server_default=""))
    feedback_type: str | None = Field(default=None, sa_column=Column(String(20)))
    # bot.domain.budget_lines.BudgetLine of the spend; NULL counts as channel promotion.
    budget_line: str | None = Field(default=None, sa_column=Column(String(20)))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class DailyReportRevision(SQLModel, table=True):
    """The figures a report had before each change, so an edit never loses what was first reported."""

    __tablename__ = "daily_report_revision"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(
        sa_column=Column(ForeignKey("daily_report.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    figures: str = Field(sa_column=Column(Text, nullable=False))  # JSON of the previous figures
    changed_by: str = Field(sa_column=Column(String(32), nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class BudgetPlanLine(SQLModel, table=True):
    """The planned amount of one budget line (bot.domain.budget_lines.BudgetLine); a line without a row is
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


class CampaignLesson(SQLModel, table=True):
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
class RequestClaim(SQLModel, table=True):
    """A Slack request acted on once: an Events API event id, a modal submission. Slack retries events (same
    event_id, X-Slack-Retry-Num) and people double-submit; the primary key makes the second one a no-op."""

    __tablename__ = "request_claim"

    key: str = Field(sa_column=Column(String(200), primary_key=True))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))


class AuditEntry(SQLModel, table=True):
    """Who changed what, when, from what to what; written in the transaction of the change itself."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_campaign", "campaign_id", "id"),
        Index("ix_audit_team", "team_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(default="", sa_column=Column(String(32), nullable=False, server_default=""))
    campaign_id: int | None = Field(default=None, sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE")))
    actor_id: str | None = Field(default=None, sa_column=Column(String(32)))  # None: the bot's own passes
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    object_type: str = Field(sa_column=Column(String(20), nullable=False))  # campaign, task, import, report, …
    object_id: int | None = Field(default=None, sa_column=Column(BigInteger))
    action: str = Field(sa_column=Column(String(40), nullable=False))
    before: str | None = Field(default=None, sa_column=Column(Text))  # JSON summary of what it was
    after: str | None = Field(default=None, sa_column=Column(Text))  # JSON summary of what it became


class UserLanguage(SQLModel, table=True):
    """A person's own choice of language (`/campaign language`), over their Slack locale; no row is `auto`."""

    __tablename__ = "user_language"

    team_id: str = Field(sa_column=Column(String(32), primary_key=True))
    user_id: str = Field(sa_column=Column(String(32), primary_key=True, index=True))
    language: str = Field(sa_column=Column(String(10), nullable=False))  # en, zh_Hans, zh_Hant
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
