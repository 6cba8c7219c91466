"""The outbox of messages to Slack, the claims that make requests idempotent, and the due rows a scheduler pass
holds back after failing on them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from storage.models.stored import Stored
from storage.types import UTCDateTime


class OutboxMessage(Stored, table=True):
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
    # A page that may reach a person at night (an incident of a kind the emergency plan marks urgent); every other
    # message to a person waits out their quiet hours for the morning digest (status overnight).
    urgent: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default=false()))
    thread_ts: str | None = Field(default=None, sa_column=Column(String(32)))


class RequestClaim(SQLModel, table=True):
    """A Slack request acted on once: an Events API event id, a modal submission. Slack retries events (same
    event_id, X-Slack-Retry-Num) and people double-submit; the primary key makes the second one a no-op."""

    __tablename__ = "request_claim"

    key: str = Field(sa_column=Column(String(200), primary_key=True))
    at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False, index=True))


class HeldRow(SQLModel, table=True):
    """A due row (a campaign, task, milestone, …) a scheduler pass failed on. Its pass skips it until
    `next_retry_at`, which backs off with each failure, so one broken row neither takes its batch down with it nor
    is tried again every minute; the mark goes when the row succeeds. The row's own next fire time is left alone:
    it still says which moments are owed."""

    __tablename__ = "held_row"

    pass_name: str = Field(sa_column=Column(String(40), primary_key=True))
    row_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    # For /metrics and the log: which campaign is held back (every due row belongs to one).
    campaign_id: int | None = Field(default=None, sa_column=Column(ForeignKey("campaign.id", ondelete="CASCADE")))
    failures: int = Field(sa_column=Column(Integer, nullable=False))
    error: str = Field(sa_column=Column(String(120), nullable=False))  # the exception's type, never its message
    failed_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    next_retry_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
