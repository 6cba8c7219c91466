"""The audit trail and people's own settings."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, String, Text
from sqlmodel import Field, SQLModel

from storage.models.stored import Stored
from storage.types import UTCDateTime


class AuditEntry(Stored, table=True):
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
