"""Complaints followed through: one item per daily report whose feedback is a complaint
(bot.feedback.rules.complaints)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, String, Text
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import UTCDateTime


class FeedbackItem(Stored, table=True):
    """A complaint from a daily report, posted in the campaign channel with Assign and Resolve.

    `report_id` is unique: editing the report edits its item, never a second one. `due_at` is when an answer is
    due (opened + the campaign's response time); `escalate_at` is the pass's next-fire column, cleared once the
    owner has been told (`escalated_at`) or the item is no longer open."""

    __tablename__ = "feedback_item"
    __table_args__ = (Index("ix_feedback_item_campaign", "campaign_id", "status"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False))
    report_id: int = Field(
        sa_column=Column(ForeignKey("daily_report.id", ondelete="CASCADE"), nullable=False, unique=True)
    )
    day: date
    source: str = Field(sa_column=Column(String(80), nullable=False))
    reporter_id: str = Field(sa_column=Column(String(32), nullable=False))
    text: str = Field(sa_column=Column(String(3000), nullable=False))
    status: str = Field(default="open", sa_column=Column(String(20), nullable=False))
    opened_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    due_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    escalate_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, index=True))
    escalated_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    assignee_id: str | None = Field(default=None, sa_column=Column(String(32)))
    assigned_by: str | None = Field(default=None, sa_column=Column(String(32)))
    reply: str | None = Field(default=None, sa_column=Column(Text))
    resolved_by: str | None = Field(default=None, sa_column=Column(String(32)))
    resolved_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
