"""Daily report figures, their sources, reporters and revisions."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Text, UniqueConstraint
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import Amount, UTCDateTime


class CampaignReporter(Stored, table=True):
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


class ReportSource(Stored, table=True):
    """Where figures come from (WeChat, Douyin, Stores…); a campaign without any reports as "All"."""

    __tablename__ = "report_source"
    __table_args__ = (UniqueConstraint("campaign_id", "name", name="uq_report_source"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    name: str = Field(sa_column=Column(String(80), nullable=False))
    position: int = 0
    # The source's plan (bot.plan.rules.source_plan): its share of every target in percent points (30.00), its budget.
    share_pct: Decimal | None = Field(default=None, sa_column=Column(Amount))
    budget: Decimal | None = Field(default=None, sa_column=Column(Amount))


class DailyReport(Stored, table=True):
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
    # Asked only of campaigns whose rate or lift targets need them (bot.plan.rules.targets.NEEDED_FIGURE).
    new_customers: int | None = Field(default=None, sa_column=Column(BigInteger))
    brand_searches: int | None = Field(default=None, sa_column=Column(BigInteger))
    repeat_buyers: int | None = Field(default=None, sa_column=Column(BigInteger))
    feedback: str = Field(default="", sa_column=Column(String(3000), nullable=False, server_default=""))
    feedback_type: str | None = Field(default=None, sa_column=Column(String(20)))
    # bot.plan.rules.budget_lines.BudgetLine of the spend; NULL counts as channel promotion.
    budget_line: str | None = Field(default=None, sa_column=Column(String(20)))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class DailyReportRevision(Stored, table=True):
    """The figures a report had before each change, so an edit never loses what was first reported."""

    __tablename__ = "daily_report_revision"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(
        sa_column=Column(ForeignKey("daily_report.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    figures: str = Field(sa_column=Column(Text, nullable=False))  # JSON of the previous figures
    changed_by: str = Field(sa_column=Column(String(32), nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
