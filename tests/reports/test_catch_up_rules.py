"""bot.reports.rules.catch_up: one catch-up after downtime, at a waking hour; on-time prompts unchanged."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.campaigns.rules.reminders import ReminderSettings, reporter_stages
from bot.reports.rules.catch_up import catch_up_key, plan_prompts

ZONE = ZoneInfo("Asia/Shanghai")
STAGES = list(reporter_stages(1, "U_REP", date(2026, 5, 1), date(2026, 5, 31), ZONE, ReminderSettings()))
GRACE = timedelta(hours=12)


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=ZONE)


def plan(woke_at: datetime, now: datetime, reported: set[date] | None = None):  # type: ignore[no-untyped-def]
    return plan_prompts(STAGES, woke_at=woke_at, now=now, zone=ZONE, grace=GRACE,
                        reported=lambda day: day in (reported or set()))


def test_on_time_prompt_and_nudge() -> None:
    prompt = plan(at(1, 17), at(1, 17))
    assert prompt.say is not None and prompt.say.kind == "report_prompt" and not prompt.catch_up
    assert prompt.wake_at == at(1, 19)
    assert plan(at(1, 19), at(1, 19), {date(2026, 5, 1)}).say is None  # reported: no nudge


def test_midnight_defers_one_catch_up_to_the_morning() -> None:
    night = plan(at(1, 17), at(2, 0))
    assert night.say is None and night.wake_at == at(2, 8, 30)
    assert [stage.kind for stage in night.skip] == ["report_prompt"]
    morning = plan(at(2, 8, 30), at(2, 8, 30))
    assert morning.catch_up and morning.say is not None and morning.say.on == date(2026, 5, 1)
    assert morning.key == catch_up_key(morning.say) == "report:1:U_REP:2026-05-01:catch-up"
    assert morning.wake_at == at(2, 17)
    assert plan(at(2, 8, 30), at(2, 9), {date(2026, 5, 1)}).say is None


def test_evening_catch_up_at_once_and_only_the_newest_day() -> None:
    evening = plan(at(1, 17), at(1, 20))
    assert evening.catch_up and evening.say is not None and evening.say.kind == "report_nudge"
    assert [stage.kind for stage in evening.skip] == ["report_prompt"]
    days = plan(at(1, 17), at(3, 20))
    assert days.say is not None and days.say.on == date(2026, 5, 3) and len(days.skip) == 5


def test_beyond_the_grace_period_nothing_is_said() -> None:
    late = plan(at(1, 17), at(2, 8, 0) + timedelta(hours=1))  # the nudge 14 h old, no deferral had happened
    assert late.say is None and len(late.skip) == 2
