"""Tasks from the division-of-labour table, their status history and pending table imports."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, String, Text
from sqlmodel import Field

from storage.models.stored import Stored
from storage.types import UTCDateTime


class Task(Stored, table=True):
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


class TaskStatusChange(Stored, table=True):
    """Who moved a task, when, from what to what: the evaluation's on-time rate is computed from these."""

    __tablename__ = "task_status_change"

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(sa_column=Column(ForeignKey("task.id", ondelete="CASCADE"), nullable=False, index=True))
    from_status: str | None = Field(default=None, sa_column=Column(String(20)))
    to_status: str = Field(sa_column=Column(String(20), nullable=False))
    actor_id: str = Field(sa_column=Column(String(32), nullable=False))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    reason: str | None = Field(default=None, sa_column=Column(String(2000)))


class TableImport(Stored, table=True):
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
