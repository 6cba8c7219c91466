"""Task domain: statuses, overdue, counts, grouping, and how a re-imported table maps onto existing tasks.

Pure functions; no Slack, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.imports.rules import TaskRow
from bot.imports.rules.matching import task_match_text

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
class TaskSnapshot:
    """What re-import compares: an existing task's id and the fields a table can set."""

    id: int
    title: str
    owner_id: str | None  # None: imported unassigned
    collaborators: str
    due_at: datetime
    deliverable: str
    phase: str | None
    phase_label: str | None
    notes: str
    status: str

    @property
    def match_key(self) -> tuple[str, str | None]:
        return (normalised_title(self.title), self.owner_id)


def row_fields(row: TaskRow) -> dict[str, object]:
    """The task columns a table row sets."""
    return {
        "title": row.task,
        "owner_id": row.owner_id,
        "collaborators": row.collaborators or "",
        "due_at": row.due,
        "deliverable": row.deliverable or "",
        "phase": row.phase,
        "phase_label": row.phase_label,
        "notes": row.notes or "",
    }


@dataclass
class ImportPlan:
    added: list[TaskRow] = field(default_factory=list)
    changed: list[tuple[int, TaskRow, list[str]]] = field(default_factory=list)  # task id, row, fields that differ
    unchanged: list[int] = field(default_factory=list)
    missing: list[TaskSnapshot] = field(default_factory=list)  # live tasks no longer in the table


def plan_import(rows: Sequence[TaskRow], existing: Iterable[TaskSnapshot]) -> ImportPlan:
    """Match rows to tasks by the ID column first, else by task text + owner; unmatched rows are new."""
    by_id = {task.id: task for task in existing}
    by_key: dict[tuple[str, str], list[TaskSnapshot]] = {}
    for task in by_id.values():
        if task.status != TaskStatus.CANCELLED:
            by_key.setdefault(task.match_key, []).append(task)
    plan = ImportPlan()
    matched: set[int] = set()
    for row in rows:
        task = _match(row, by_id, by_key, matched)
        if task is None:
            plan.added.append(row)
            continue
        matched.add(task.id)
        differences = [name for name, value in row_fields(row).items() if getattr(task, name) != value]
        if differences:
            plan.changed.append((task.id, row, differences))
        else:
            plan.unchanged.append(task.id)
    plan.missing = [task for task in by_id.values() if task.id not in matched and task.status in ACTIVE]
    return plan


def _match(
    row: TaskRow, by_id: dict[int, TaskSnapshot], by_key: dict[tuple[str, str], list[TaskSnapshot]], matched: set[int]
) -> TaskSnapshot | None:
    wanted = parse_external_id(row.external_id)
    if wanted is not None and wanted in by_id and wanted not in matched:
        return by_id[wanted]
    # The same text and owner may repeat (a daily task); take the first not yet matched, in id order.
    for task in by_key.get(row.match_key, []):
        if task.id not in matched:
            return task
    return None


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
