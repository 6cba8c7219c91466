"""The readiness list (准备清单): what must be ready before a campaign starts, each item with an owner and a due day."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, ForeignKey, Index, String, UniqueConstraint
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import UTCDateTime


class ChecklistItem(Stored, table=True):
    """A seeded item keeps the handbook's key (its title is translated when shown); an added one its own title."""

    __tablename__ = "checklist_item"
    __table_args__ = (
        # One seeded item of each kind per campaign, so seeding twice (a retry, two views at once) adds nothing.
        UniqueConstraint("campaign_id", "key", name="uq_checklist_item_key"),
        Index("ix_checklist_item_campaign", "campaign_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE"), nullable=False))
    key: str | None = Field(default=None, sa_column=Column(String(40)))  # bot.readiness.rules.SeededItem
    title: str | None = Field(default=None, sa_column=Column(String(200)))  # free text of an added item
    owner_id: str = Field(sa_column=Column(String(32), nullable=False))
    due_date: date | None = None
    done_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    done_by: str | None = Field(default=None, sa_column=Column(String(32)))
    # The reminder to the owner the day before the due day; NULL when nothing is left to say.
    next_reminder_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime, index=True))
    created_by: str = Field(sa_column=Column(String(32), nullable=False))
    created_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
