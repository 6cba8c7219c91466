"""Rate, lift and extra-total targets (bot.plan.rules.targets): one row per goal a campaign sets.

The five KPI totals stay in `kpi_target` (the new-campaign modal sets them); this table holds what only the KPI
targets modal sets, so the campaign modal, the pace and the chart keep reading exactly what they did."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import Column, ForeignKey, String, UniqueConstraint
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import Amount, UTCDateTime


class CampaignGoal(Stored, table=True):
    __tablename__ = "campaign_goal"
    __table_args__ = (UniqueConstraint("campaign_id", "goal", name="uq_campaign_goal"),)

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(
        sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    goal: str = Field(sa_column=Column(String(32), nullable=False))  # bot.plan.rules.targets.Goal
    kind: str = Field(sa_column=Column(String(8), nullable=False))  # total / rate / lift
    # As typed: 40 for 40%, 300 for ¥300, 10000 members; a lift's +30% is 30.
    target: Decimal = Field(sa_column=Column(Amount, nullable=False))
    # A lift's baseline: a daily average (brand searches) or a rate in % (repurchase); NULL for the others.
    baseline: Decimal | None = Field(default=None, sa_column=Column(Amount))
    updated_by: str = Field(sa_column=Column(String(32), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
