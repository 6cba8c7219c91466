"""When a person's quiet hours end (bot.campaigns.rules.reminders.quiet_until): pure, in their own zone."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.campaigns.rules.reminders import ReminderSettings, quiet_until

NEW_YORK = ZoneInfo("America/New_York")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=NEW_YORK)


@pytest.mark.parametrize(("moment", "ends"), [
    (at(3, 21, 59), None),
    (at(3, 22, 0), at(4, 8)),
    (at(3, 23, 30), at(4, 8)),
    (at(4, 0, 0), at(4, 8)),
    (at(4, 7, 59), at(4, 8)),
    (at(4, 8, 0), None),
    (at(4, 13, 0), None),
])
def test_the_night_runs_from_22_to_08_by_default(moment: datetime, ends: datetime | None) -> None:
    assert quiet_until(moment, ReminderSettings()) == ends


def test_a_window_within_one_day_and_none_at_all() -> None:
    siesta = ReminderSettings(quiet_start_hour=13, quiet_end_hour=15)
    assert quiet_until(at(4, 14), siesta) == at(4, 15)
    assert quiet_until(at(4, 15), siesta) is None and quiet_until(at(4, 23), siesta) is None
    assert quiet_until(at(4, 3), ReminderSettings(quiet_start_hour=0, quiet_end_hour=0)) is None


def test_the_settings_keep_their_window() -> None:
    settings = ReminderSettings(quiet_start_hour=21, quiet_end_hour=7)
    assert ReminderSettings.load(settings.dump()) == settings
    assert ReminderSettings.load("{}").quiet_start_hour == 22
