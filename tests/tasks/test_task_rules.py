"""bot/tasks.py: statuses, overdue, counts, external ids and the re-import plan."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.imports.rules import TaskRow
from bot.imports.rules.reimport import TaskSnapshot, plan_import, row_fields
from bot.tasks.rules.tasks import (
    ACTIVE,
    TaskCounts,
    TaskStatus,
    count_tasks,
    external_id,
    is_overdue,
    normalised_title,
    parse_external_id,
)

NOW = datetime(2026, 5, 10, 2, 0, tzinfo=UTC)
DUE = datetime(2026, 5, 12, 15, 59, 59, tzinfo=UTC)


def row(task: str = "Main visual", owner: str = "U_DESIGN", *, external: str | None = None, number: int = 2,
        **changes: object) -> TaskRow:
    base = TaskRow(row_number=number, task=task, owner_id=owner, owner_text=owner, collaborators=None, due=DUE,
                   deliverable=None, phase="warmup", phase_label=None, notes=None, external_id=external)
    return replace(base, **changes)  # type: ignore[arg-type]


def snapshot(task_id: int, title: str = "Main visual", owner: str = "U_DESIGN", *, status: str = "open",
             **changes: object) -> TaskSnapshot:
    base = TaskSnapshot(id=task_id, title=title, owner_id=owner, collaborators="", due_at=DUE, deliverable="",
                        phase="warmup", phase_label=None, notes="", status=status)
    return replace(base, **changes)  # type: ignore[arg-type]


# --- ids --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("T12", 12), ("t12", 12), (" T7 ", 7), ("42", 42), ("T0012", 12),
    ("", None), (None, None), ("T", None), ("T1x", None), ("12a", None), ("#12", None), ("T-3", None),
])
def test_parse_external_id(text: str | None, expected: int | None) -> None:
    assert parse_external_id(text) == expected


def test_external_id_round_trips() -> None:
    assert external_id(5) == "T5"
    assert parse_external_id(external_id(123456)) == 123456


def test_normalised_title_ignores_case_width_and_spacing() -> None:
    assert normalised_title("  Main   VISUAL\t") == "main visual"
    assert normalised_title("ＭＡＩＮ　visual") == "main visual"  # full-width letters and an ideographic space
    assert normalised_title("主视觉  稿") == "主视觉 稿"


# --- overdue and counts -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("status", "due", "expected"), [
    ("open", NOW - timedelta(seconds=1), True),
    ("blocked", NOW - timedelta(days=3), True),
    ("open", NOW, False),  # due this very instant is not late yet
    ("open", NOW + timedelta(minutes=1), False),
    ("done", NOW - timedelta(days=3), False),
    ("cancelled", NOW - timedelta(days=3), False),
])
def test_is_overdue(status: str, due: datetime, expected: bool) -> None:
    assert is_overdue(status, due, NOW) is expected


def test_active_statuses() -> None:
    assert {TaskStatus.OPEN, TaskStatus.BLOCKED} == ACTIVE


def test_count_tasks() -> None:
    past, future = NOW - timedelta(hours=1), NOW + timedelta(hours=1)
    counts = count_tasks([
        ("done", past), ("done", future),
        ("open", past), ("open", future), ("open", future),
        ("blocked", past),
        ("cancelled", past),  # dropped from the table: counted nowhere
    ], NOW)
    assert counts == TaskCounts(done=2, open=3, overdue=2, blocked=1)
    assert counts.total == 6


def test_count_tasks_of_nothing() -> None:
    assert count_tasks([], NOW) == TaskCounts()
    assert TaskCounts().total == 0


# --- the re-import plan ------------------------------------------------------------------------------------------

def test_unchanged_row_matches_by_text_and_owner() -> None:
    plan = plan_import([row()], [snapshot(1)])
    assert (plan.added, plan.changed, plan.unchanged, plan.missing) == ([], [], [1], [])


def test_text_match_ignores_case_width_and_spacing_but_not_owner() -> None:
    plan = plan_import([row("  main   VISUAL "), row("Main visual", "U_OTHER")], [snapshot(1)])
    assert [task_id for task_id, _row, _fields in plan.changed] == [1]  # matched; only the title's wording differs
    assert plan.changed[0][2] == ["title"]
    assert [r.owner_id for r in plan.added] == ["U_OTHER"]


def test_id_column_wins_over_text() -> None:
    existing = [snapshot(1, "Main visual"), snapshot(2, "Copywriting")]
    plan = plan_import([row("Copywriting", external="T1")], existing)
    # T1 is matched by its ID although its text is task 2's; task 2 is then no longer in the table.
    assert [(task_id, fields) for task_id, _row, fields in plan.changed] == [(1, ["title"])]
    assert [task.id for task in plan.missing] == [2]


def test_unknown_id_falls_back_to_text_then_adds() -> None:
    plan = plan_import([row(external="T99"), row("Brand new", external="T98")], [snapshot(1)])
    assert plan.unchanged == [1]
    assert [r.task for r in plan.added] == ["Brand new"]


def test_the_same_id_twice_matches_once() -> None:
    plan = plan_import([row(external="T1"), row("Other", external="T1", number=3)], [snapshot(1)])
    assert plan.unchanged == [1]
    assert [r.task for r in plan.added] == ["Other"]


def test_repeated_rows_match_repeated_tasks_in_id_order() -> None:
    existing = [snapshot(7, "Daily post"), snapshot(3, "Daily post")]
    rows = [row("Daily post", number=2), row("Daily post", number=3), row("Daily post", number=4)]
    plan = plan_import(rows, existing)
    assert sorted(plan.unchanged) == [3, 7]
    assert [r.row_number for r in plan.added] == [4]
    assert plan.missing == []


def test_fewer_repeated_rows_leave_one_missing() -> None:
    existing = [snapshot(1, "Daily post"), snapshot(2, "Daily post")]
    plan = plan_import([row("Daily post")], existing)
    assert plan.unchanged == [1]
    assert [task.id for task in plan.missing] == [2]


def test_changed_fields_are_named() -> None:
    later = DUE + timedelta(days=2)
    changed = row(due=later, phase="burst", notes="check with legal", collaborators="Legal", deliverable="PDF")
    plan = plan_import([changed], [snapshot(1)])
    [(task_id, matched_row, fields)] = plan.changed
    assert task_id == 1 and matched_row is changed
    assert fields == ["collaborators", "due_at", "deliverable", "phase", "notes"]


def test_empty_cells_equal_empty_columns() -> None:
    assert row_fields(row())["collaborators"] == ""
    plan = plan_import([row(collaborators=None, notes=None)], [snapshot(1, collaborators="", notes="")])
    assert plan.unchanged == [1]


def test_missing_lists_only_active_tasks() -> None:
    existing = [snapshot(1, "A", status="open"), snapshot(2, "B", status="blocked"), snapshot(3, "C", status="done"),
                snapshot(4, "D", status="cancelled")]
    plan = plan_import([], existing)
    assert [task.id for task in plan.missing] == [1, 2]


def test_cancelled_task_is_not_revived_by_text() -> None:
    plan = plan_import([row("Main visual")], [snapshot(1, status="cancelled")])
    assert [r.task for r in plan.added] == ["Main visual"]
    assert plan.unchanged == [] and plan.changed == []


def test_done_task_still_matches_and_is_not_missing() -> None:
    plan = plan_import([row()], [snapshot(1, status="done")])
    assert plan.unchanged == [1] and plan.missing == []
