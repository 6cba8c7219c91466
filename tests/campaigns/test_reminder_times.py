"""When reminders fire: pure schedule arithmetic."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from bot.campaigns.rules.reminders import (
    CampaignDates,
    ReminderSettings,
    campaign_stages,
    due_stages,
    milestone_stages,
    next_stage,
    task_stages,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
DUE = datetime(2026, 5, 13, 23, 59, 59, tzinfo=SHANGHAI)  # a Wednesday


def _local(stage) -> str:  # type: ignore[no-untyped-def]
    return stage.fire_at.astimezone(SHANGHAI).strftime("%a %m-%d %H:%M")


def test_task_schedule_before_on_and_after_the_due_day() -> None:
    stages = list(islice(task_stages(42, DUE, SHANGHAI, ReminderSettings()), 7))
    assert [(stage.kind, _local(stage), stage.days) for stage in stages] == [
        ("due_before", "Sun 05-10 09:00", 3),
        ("due_before", "Tue 05-12 09:00", 1),
        ("due_today", "Wed 05-13 09:00", 0),
        ("overdue", "Thu 05-14 09:00", 1),
        ("overdue", "Fri 05-15 09:00", 2),
        ("overdue_owner", "Fri 05-15 09:00", 2),  # first nudge a full day after the due moment
        ("overdue", "Mon 05-18 09:00", 5),  # the weekend is skipped for nudges
    ]
    assert len({stage.key for stage in stages}) == 7


def test_holidays_are_skipped_and_weekends_can_be_worked() -> None:
    settings = ReminderSettings(skip_weekends=False, holidays=(date(2026, 5, 14),))
    overdue = [stage for stage in islice(task_stages(1, DUE, SHANGHAI, settings), 8) if stage.kind == "overdue"]
    assert [_local(stage) for stage in overdue[:3]] == ["Fri 05-15 09:00", "Sat 05-16 09:00", "Sun 05-17 09:00"]


def test_keys_change_with_the_due_date_so_a_moved_task_is_reminded_again() -> None:
    first = next(task_stages(7, DUE, SHANGHAI, ReminderSettings()))
    moved = next(task_stages(7, DUE.replace(day=20), SHANGHAI, ReminderSettings()))
    assert first.key != moved.key and first.key.startswith("task:7:")


def test_a_task_due_early_in_the_morning_gets_no_same_day_reminder_after_it() -> None:
    early = datetime(2026, 5, 13, 8, 0, tzinfo=SHANGHAI)
    kinds = [stage.kind for stage in islice(task_stages(1, early, SHANGHAI, ReminderSettings()), 3)]
    assert kinds == ["due_before", "due_before", "overdue"]


def test_reminder_time_follows_the_owner_zone() -> None:
    stage = next(task_stages(1, DUE, ZoneInfo("America/New_York"), ReminderSettings()))
    assert stage.fire_at.astimezone(ZoneInfo("America/New_York")).hour == 9


def test_overdue_nudges_stop_after_a_month() -> None:
    stages = list(task_stages(1, DUE, SHANGHAI, ReminderSettings()))
    assert sum(stage.kind == "overdue" for stage in stages) == 30


def test_milestone_and_campaign_schedules() -> None:
    milestone = [(s.kind, _local(s)) for s in milestone_stages(3, date(2026, 5, 15), SHANGHAI, ReminderSettings())]
    assert milestone == [("milestone_before", "Tue 05-12 09:00"), ("milestone_before", "Thu 05-14 09:00"),
                         ("milestone_today", "Fri 05-15 09:00"), ("milestone_over", "Sat 05-16 00:00"),
                         ("milestone_missed", "Sat 05-16 09:00")]
    dates = CampaignDates(start=date(2026, 5, 1), end=date(2026, 5, 31), warmup_start=date(2026, 5, 1),
                          burst_start=date(2026, 5, 10), longtail_start=None)
    events = [(s.kind, _local(s)) for s in campaign_stages(9, dates, SHANGHAI, ReminderSettings())]
    assert events == [("campaign_start", "Fri 05-01 00:00"), ("phase_warmup", "Fri 05-01 09:00"),
                      ("phase_burst", "Sun 05-10 09:00"), ("campaign_end", "Mon 06-01 00:00"),
                      ("campaign_review", "Mon 06-01 10:00"), ("campaign_satisfaction", "Mon 06-01 10:00")]


def test_next_and_due_stages() -> None:
    settings = ReminderSettings()
    after = datetime(2026, 5, 10, 9, 0, tzinfo=SHANGHAI)
    assert next_stage(task_stages(1, DUE, SHANGHAI, settings), after).kind == "due_before"  # type: ignore[union-attr]
    now = datetime(2026, 5, 14, 12, 0, tzinfo=SHANGHAI)
    due, following = due_stages(task_stages(1, DUE, SHANGHAI, settings), after, now)
    assert [stage.kind for stage in due] == ["due_before", "due_today", "overdue"]
    assert following is not None and _local(following) == "Fri 05-15 09:00"


def test_settings_round_trip_and_defaults() -> None:
    custom = ReminderSettings(reminder_hour=10, days_before_due=(2,), holidays=(date(2026, 5, 1),))
    assert ReminderSettings.load(custom.dump()) == custom
    assert ReminderSettings.load(None) == ReminderSettings()
    assert ReminderSettings.load('{"grace_hours": 4}').grace_hours == 4


def test_overdue_nudges_end_with_the_campaign() -> None:
    ends = DUE.astimezone(SHANGHAI).date() + timedelta(days=7)
    nudges = [stage.fire_at.date() for stage in task_stages(1, DUE, SHANGHAI, ReminderSettings(), ends)
              if stage.kind.startswith("overdue")]
    assert nudges and max(nudges) <= ends
    assert len(list(task_stages(1, DUE, SHANGHAI, ReminderSettings()))) > len(nudges) + 3  # open-ended without it
