"""Sign-off (审批): who approves a campaign, and the changes they asked for."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, String, Text, UniqueConstraint
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import UTCDateTime


class CampaignApprover(Stored, table=True):
    """Someone named in the campaign form to sign it off; never its owner (bot.campaigns.rules.campaign)."""

    __tablename__ = "campaign_approver"
    __table_args__ = (UniqueConstraint("campaign_id", "user_id", name="uq_campaign_approver"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    user_id: str = Field(sa_column=Column(String(32), nullable=False))
    position: int = 0


class ChangeRequest(Stored, table=True):
    """An approver's "Request changes": the comment in full (the audit log keeps a shortened copy)."""

    __tablename__ = "campaign_change_request"

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    user_id: str = Field(sa_column=Column(String(32), nullable=False))
    comment: str = Field(sa_column=Column(Text, nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
