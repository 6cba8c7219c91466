"""Working days per campaign country, with China's adjusted working days (调休)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.campaigns.rules import holidays
from bot.campaigns.rules.reminders import ReminderSettings, task_stages

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.mark.parametrize(("zone", "country"), [("Asia/Shanghai", "CN"), ("Asia/Hong_Kong", "HK"),
                                               ("America/New_York", "US"), ("Europe/Berlin", "DE"),
                                               ("UTC", None), ("Etc/GMT-8", None)])
def test_the_time_zone_names_the_country(zone: str, country: str | None) -> None:
    assert holidays.country_of_zone(zone) == country


def test_china_labour_day_and_its_working_saturday() -> None:
    # 2026: May 1–5 off, Saturday May 9 is a working day in exchange (调休上班).
    for day in range(1, 6):
        assert holidays.is_day_off("CN", date(2026, 5, day), skip_weekends=True)
    assert not holidays.is_day_off("CN", date(2026, 5, 9), skip_weekends=True)
    assert holidays.is_day_off("CN", date(2026, 5, 10), skip_weekends=True)  # an ordinary Sunday
    assert not holidays.is_day_off("CN", date(2026, 5, 6), skip_weekends=True)
    assert holidays.working_weekend_days("CN", date(2026, 5, 1), date(2026, 5, 31)) == [date(2026, 5, 9)]


def test_without_a_country_only_weekends_count() -> None:
    assert not holidays.is_day_off(None, date(2026, 5, 1), skip_weekends=True)
    assert holidays.is_day_off(None, date(2026, 5, 9), skip_weekends=True)
    assert not holidays.is_day_off(None, date(2026, 5, 9), skip_weekends=False)


def test_public_holidays_count_even_when_weekends_do_not() -> None:
    assert holidays.is_day_off("US", date(2026, 7, 3), skip_weekends=False)  # Independence Day (observed)
    assert not holidays.is_day_off("US", date(2026, 7, 11), skip_weekends=False)


def test_holidays_are_named_in_the_reader_language() -> None:
    chinese = holidays.holidays_between("CN", date(2026, 5, 1), date(2026, 5, 5), "zh")
    assert chinese[0] == (date(2026, 5, 1), "劳动节")
    english = holidays.holidays_between("CN", date(2026, 5, 1), date(2026, 5, 1), "en")
    assert english == [(date(2026, 5, 1), "Labor Day")]
    assert holidays.holidays_between(None, date(2026, 5, 1), date(2026, 5, 5), "zh") == []
    assert holidays.holidays_between("CN", date(2026, 5, 1), date(2026, 5, 1), "zh_Hans")[0][1] == "劳动节"
    assert holidays.holidays_between("CN", date(2026, 5, 1), date(2026, 5, 1), "zh_Hant")[0][1] == "勞動節"


def test_the_campaign_choice() -> None:
    assert holidays.campaign_country(None, "Asia/Shanghai") == "CN"  # follows the time zone
    assert holidays.campaign_country("", "Asia/Shanghai") is None  # explicitly none
    assert holidays.campaign_country("US", "Asia/Shanghai") == "US"
    assert holidays.campaign_country("XX", "Asia/Shanghai") is None
    for choice in (holidays.FROM_TIME_ZONE, holidays.NO_COUNTRY, "JP"):
        assert holidays.choice_of(holidays.stored_choice(choice)) == choice


def test_overdue_nudges_skip_the_golden_week_and_come_on_the_working_saturday() -> None:
    due = datetime(2026, 4, 30, 23, 59, 59, tzinfo=SHANGHAI)
    settings = ReminderSettings(country="CN")
    nudges = [stage.fire_at.date() for stage in task_stages(7, due, SHANGHAI, settings) if stage.kind == "overdue"]
    assert nudges[:4] == [date(2026, 5, 6), date(2026, 5, 7), date(2026, 5, 8), date(2026, 5, 9)]
    plain = [stage.fire_at.date() for stage in task_stages(7, due, SHANGHAI, ReminderSettings())
             if stage.kind == "overdue"]
    assert plain[0] == date(2026, 5, 1)


def test_the_country_is_not_part_of_the_stored_settings() -> None:
    assert ReminderSettings.load(ReminderSettings(country="CN").dump()) == ReminderSettings()
