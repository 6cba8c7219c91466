"""Task domain: statuses, overdue, counts, grouping, and how a re-imported table maps onto existing tasks.

Pure functions; no Slack, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.kernel.matching import task_match_text

EXTERNAL_ID = re.compile(r"^\s*T?(\d+)\s*$", re.IGNORECASE)


class TaskStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    BLOCKED = "blocked"
    CANCELLED = "cancelled"  # dropped from the table on re-import, when the owner said so


ACTIVE = frozenset({TaskStatus.OPEN, TaskStatus.BLOCKED})


def external_id(task_id: int) -> str:
    """The ID the bot writes into exports and reads back on re-import."""
    return f"T{task_id}"


def parse_external_id(text: str | None) -> int | None:
    match = EXTERNAL_ID.match(text or "")
    return int(match[1]) if match else None


def normalised_title(text: str) -> str:
    return task_match_text(text)


def is_overdue(status: str, due_at: datetime, now: datetime) -> bool:
    return status in ACTIVE and due_at < now


@dataclass(frozen=True)
class TaskCounts:
    done: int = 0
    open: int = 0
    overdue: int = 0
    blocked: int = 0

    @property
    def total(self) -> int:
        return self.done + self.open + self.blocked


def count_tasks(tasks: Iterable[tuple[str, datetime]], now: datetime) -> TaskCounts:
    """Counts of (status, due_at) pairs; overdue tasks are counted in `open` or `blocked` too."""
    done = open_ = overdue = blocked = 0
    for status, due_at in tasks:
        if status == TaskStatus.DONE:
            done += 1
        elif status == TaskStatus.OPEN:
            open_ += 1
        elif status == TaskStatus.BLOCKED:
            blocked += 1
        if is_overdue(status, due_at, now):
            overdue += 1
    return TaskCounts(done=done, open=open_, overdue=overdue, blocked=blocked)
