"""Re-importing a division-of-labour table: how its rows map onto the tasks the campaign already has (same external id,
else the same title in either Chinese script), and what the import will add, change and drop."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.imports.rules import TaskRow
from bot.tasks.rules.tasks import ACTIVE, TaskStatus, normalised_title, parse_external_id


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
