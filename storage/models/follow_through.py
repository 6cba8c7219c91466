"""The risk register (风险预案表) and the satisfaction answers (满意度) after a campaign."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import UTCDateTime


class CampaignRisk(Stored, table=True):
    """One risk of a campaign's register, with its prepared mitigation and the incident kind that means it came
    true (bot.plan.rules.risks)."""

    __tablename__ = "campaign_risk"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    title: str = Field(sa_column=Column(String(200), nullable=False))
    likelihood: str = Field(sa_column=Column(String(10), nullable=False))
    impact: str = Field(sa_column=Column(String(10), nullable=False))
    mitigation: str = Field(sa_column=Column(String(1000), nullable=False))
    owner_id: str | None = Field(default=None, sa_column=Column(String(32)))
    trigger: str = Field(default="", sa_column=Column(String(300), nullable=False, server_default=""))
    incident_kind: str | None = Field(default=None, sa_column=Column(String(20)))
    created_by: str = Field(sa_column=Column(String(32), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class SatisfactionAnswer(Stored, table=True):
    """One person's answer to a campaign's satisfaction question; answering again replaces it."""

    __tablename__ = "satisfaction_answer"
    __table_args__ = (UniqueConstraint("campaign_id", "user_id", name="uq_satisfaction_answer_user"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    user_id: str = Field(sa_column=Column(String(32), nullable=False))
    score: int = Field(sa_column=Column(SmallInteger, nullable=False))
    answered_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
