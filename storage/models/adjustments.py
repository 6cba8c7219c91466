"""Cause & adjustment records of incidents: deviation seen → cause found → adjustment → checked (README.md,
"Using it": "Cause & adjustment")."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Column, Date, ForeignKey, String, Text
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import Amount, UTCDateTime


class IncidentAdjustment(Stored, table=True):
    """One cause found and the adjustment decided for it: what, who, by when, any budget moved from the contingency
    line. `subjects` is what it is about (bot.adjustments.rules.dump_subjects: KPIs, optionally one source each),
    which the 21:00 summary and the review check against the pace."""

    __tablename__ = "incident_adjustment"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    incident_id: int = Field(
        sa_column=Column(ForeignKey("incident.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    cause: str = Field(sa_column=Column(String(20), nullable=False))
    happened: str = Field(sa_column=Column(String(2000), nullable=False))
    adjustment: str = Field(sa_column=Column(String(2000), nullable=False))
    owner_id: str = Field(sa_column=Column(String(32), nullable=False))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    subjects: str = Field(default="[]", sa_column=Column(Text, nullable=False, server_default="[]"))
    extra_budget: Decimal | None = Field(default=None, sa_column=Column(Amount))
    budget_line: str | None = Field(default=None, sa_column=Column(String(20)))
    # The owner's task (reminded like any other); kept if the task is deleted some day.
    task_id: int | None = Field(default=None, sa_column=Column(ForeignKey("task.id", ondelete="SET NULL")))
    created_by: str = Field(sa_column=Column(String(32), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
