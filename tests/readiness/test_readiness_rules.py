"""The readiness rules: handbook due days, the Add item form, the reminder's moment, a milestone's outcome."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.campaigns.rules.reminders import ReminderSettings
from bot.readiness.rules import (
    ChecklistLine,
    MilestoneOutcome,
    Readiness,
    SeededItem,
    check_item,
    milestone_outcome,
    next_reminder,
    reminder_stage,
    seeded_due,
)
from bot.review.rules.milestones import MilestoneFact, milestone_review

SHANGHAI = ZoneInfo("Asia/Shanghai")
START, END = date(2026, 5, 1), date(2026, 5, 31)


def test_handbook_items_fall_due_before_the_start() -> None:
    assert seeded_due(SeededItem.MATERIALS_CHECKED, START) == date(2026, 4, 28)  # 物料验收 three days before
    assert seeded_due(SeededItem.STAFF_BRIEFED, START) == date(2026, 4, 30)
    assert all(seeded_due(item, START) < START for item in SeededItem)


def test_the_add_item_form_wants_a_title_and_a_sensible_day() -> None:
    def check(title: str, due: date | None) -> tuple[str, list[tuple[str, str]]]:
        cleaned, errors = check_item(title, due, start=START, end=END, title_field="t", due_field="d")
        return cleaned, [(error.field, error.key) for error in errors]

    assert check("  Stage   sound check ", date(2026, 4, 30)) == ("Stage sound check", [])
    assert check("Stage sound check", None) == ("Stage sound check", [])  # no due day: no reminder
    assert check("   ", None)[1] == [("t", "form.error.required")]
    assert check("x" * 201, None)[1] == [("t", "form.error.too_long")]
    assert check("Late", date(2026, 6, 1))[1] == [("d", "readiness.checklist.error.due_outside")]
    assert check("Early", date(2026, 3, 1))[1] == [("d", "readiness.checklist.error.due_outside")]
    assert check("Earliest", date(2026, 3, 2))[1] == []  # sixty days before the start


def test_the_reminder_is_the_day_before_at_reminder_time_and_only_while_ahead() -> None:
    settings = ReminderSettings()
    stage = reminder_stage(7, date(2026, 4, 28), SHANGHAI, settings)
    assert stage.fire_at == datetime(2026, 4, 27, 9, tzinfo=SHANGHAI) and stage.key == "checklist:7:2026-04-28:due-1d"
    before = datetime(2026, 4, 27, 0, 59, tzinfo=UTC)
    assert next_reminder(7, date(2026, 4, 28), False, SHANGHAI, settings, before) == stage.fire_at
    assert next_reminder(7, date(2026, 4, 28), True, SHANGHAI, settings, before) is None  # done
    assert next_reminder(7, None, False, SHANGHAI, settings, before) is None
    assert next_reminder(7, date(2026, 4, 28), False, SHANGHAI, settings, stage.fire_at) is None  # its moment passed


def test_readiness_counts_done_items() -> None:
    lines = [ChecklistLine(1, "materials_checked", None, "U1", START),
             ChecklistLine(2, None, "Sound check", "U2", None, done_at=datetime(2026, 4, 29, tzinfo=UTC))]
    assert Readiness.of(lines) == Readiness(done=1, total=2)


def test_a_milestone_is_hit_when_done_by_its_day_else_missed() -> None:
    day = date(2026, 5, 15)
    assert milestone_outcome("done", day, day, date(2026, 6, 1)) == MilestoneOutcome.HIT
    assert milestone_outcome("done", day, date(2026, 5, 16), date(2026, 6, 1)) == MilestoneOutcome.MISSED  # late
    assert milestone_outcome("missed", day, None, date(2026, 5, 10)) == MilestoneOutcome.MISSED
    assert milestone_outcome("open", day, None, date(2026, 5, 16)) == MilestoneOutcome.MISSED  # its day is over
    assert milestone_outcome("open", day, None, day) == MilestoneOutcome.UPCOMING


def test_the_reviews_milestones_come_in_date_order() -> None:
    facts = [MilestoneFact("B", date(2026, 5, 20), "U2", "open"), MilestoneFact("A", date(2026, 5, 15), None, "done",
                                                                                  date(2026, 5, 15))]
    results = milestone_review(facts, date(2026, 6, 1))
    assert [(r.name, r.outcome, r.done_on) for r in results] == [("A", MilestoneOutcome.HIT, date(2026, 5, 15)),
                                                                ("B", MilestoneOutcome.MISSED, None)]
