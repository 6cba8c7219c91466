"""Complaints (投诉) as items to follow through: what a report's feedback makes of one, when it is due an answer,
and what a reply must be. Pure; no Slack, no database, no clock of its own.

A daily report carries at most one feedback text; when it is tagged as a complaint it becomes one item, tied to
that report: editing the report edits the item (never a second one), and untagging it withdraws an open item.
An open item is due an answer within the campaign's response time (default 24 h) of its opening; past that its
campaign owner is told, once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from bot.kernel.forms import FieldError

DEFAULT_RESPONSE_HOURS = 24
MAX_RESPONSE_HOURS = 720  # 30 days: a longer promise is no response time at all
REPLY_MAX = 3000
REPLY_FIELD = "feedback_reply"
ASSIGNEE_FIELD = "feedback_assignee"


class ComplaintStatus(StrEnum):
    OPEN = "open"
    RESOLVED = "resolved"
    WITHDRAWN = "withdrawn"  # the report no longer calls it a complaint


@dataclass(frozen=True)
class ItemState:
    """What following a report needs to know of the item it already has."""

    status: ComplaintStatus
    text: str


Change = Literal["create", "update", "withdraw", "reopen", "none"]


def complaint_text(feedback: str, feedback_type: str | None) -> str | None:
    """The complaint a report carries, or None when its feedback is not one."""
    text = feedback.strip()
    return text if text and feedback_type == "complaint" else None


def follow_report(item: ItemState | None, complaint: str | None) -> Change:
    """What a saved report does to its item. A resolved item keeps its reply and status; its text still follows
    the report, so the item always quotes what the report says."""
    if item is None:
        return "create" if complaint is not None else "none"
    if complaint is None:
        return "withdraw" if item.status == ComplaintStatus.OPEN else "none"
    if item.status == ComplaintStatus.WITHDRAWN:
        return "reopen"
    return "update" if complaint != item.text else "none"


def respond_by(opened_at: datetime, hours: int) -> datetime:
    return opened_at + timedelta(hours=hours)


def next_escalation(status: str, due_at: datetime, escalated_at: datetime | None) -> datetime | None:
    """When the owner is to be told: at the due time of an open item, once."""
    if status != ComplaintStatus.OPEN or escalated_at is not None:
        return None
    return due_at


def is_overdue(status: str, due_at: datetime, now: datetime) -> bool:
    return status == ComplaintStatus.OPEN and now >= due_at


def resolved_on_time(due_at: datetime, resolved_at: datetime | None) -> bool:
    return resolved_at is not None and resolved_at <= due_at


def check_reply(text: str) -> tuple[str | None, list[FieldError]]:
    """The reply that resolves a complaint: required (spaces alone say nothing), within Slack's limit."""
    reply = text.strip()
    if not reply:
        return None, [FieldError(REPLY_FIELD, "feedback.error.reply_required")]
    if len(reply) > REPLY_MAX:
        return None, [FieldError(REPLY_FIELD, "form.error.too_long", {"limit": REPLY_MAX})]
    return reply, []


def check_assignee(user_id: str | None) -> tuple[str | None, list[FieldError]]:
    if not user_id:
        return None, [FieldError(ASSIGNEE_FIELD, "form.error.required")]
    return user_id, []


@dataclass(frozen=True)
class ComplaintFact:
    """One complaint item: when it was heard, when its answer was due, when it was resolved (None: still open)."""

    opened_at: datetime
    due_at: datetime
    resolved_at: datetime | None = None
