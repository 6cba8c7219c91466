from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.imports.rules.codes import Code
from bot.imports.rules.dates import parse_due, parse_due_near
from bot.imports.rules.errors import DueDateError

TZ = ZoneInfo("Asia/Shanghai")
END_OF_MAY_10 = datetime(2026, 5, 10, 23, 59, 59, tzinfo=TZ)


def due(value: object) -> datetime:
    return parse_due(value, default_year=2026, tz=TZ)


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-10",
        "2026/5/10",
        "2026.5.10",
        "5/10",
        "5月10日",
        "5月10号",
        "2026年5月10日",
        "May 10",
        "10 May 2026",
        "May 10, 2026",
        "２０２６／５／１０",  # full-width digits from a Chinese input method
        "5月10日前",  # "by May 10", as the handbook's example row writes it
        "5月10日（周日）",  # weekday hint
        "20260510",
    ],
)
def test_date_forms_without_time_mean_end_of_that_day(text: str) -> None:
    assert due(text) == END_OF_MAY_10


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [
        ("2026-05-10 14:00", 14, 0),
        ("2026-05-10T09:30", 9, 30),
        ("5月10日 14:00", 14, 0),
        ("5月10日14:00", 14, 0),
        ("5月10日 下午2点", 14, 0),
        ("5月10日 14点半", 14, 30),
        ("5/10 2pm", 14, 0),
        ("5/10 9:15 am", 9, 15),
        ("May 10 2pm", 14, 0),
        ("May 10, 2026 14:00", 14, 0),
    ],
)
def test_time_of_day_is_kept(text: str, hour: int, minute: int) -> None:
    assert due(text) == datetime(2026, 5, 10, hour, minute, tzinfo=TZ)


def test_date_without_year_takes_the_default_year() -> None:
    assert parse_due("5月10日", default_year=2027, tz=TZ).year == 2027
    assert parse_due("May 10", default_year=2027, tz=TZ).year == 2027
    assert parse_due("2026-05-10", default_year=2027, tz=TZ).year == 2026


def test_result_is_aware_in_the_campaign_zone() -> None:
    result = parse_due("2026-05-10", default_year=2026, tz=ZoneInfo("America/New_York"))
    assert result.tzinfo == ZoneInfo("America/New_York")
    assert result.utcoffset() is not None


@pytest.mark.parametrize("serial", [46152, 46152.0, "46152"])
def test_excel_serial_date(serial: object) -> None:
    assert due(serial) == END_OF_MAY_10


def test_excel_serial_with_fraction_keeps_the_time() -> None:
    assert due(46152.75) == datetime(2026, 5, 10, 18, 0, tzinfo=TZ)


@pytest.mark.parametrize("number", [3, 19999, 80001, "123"])
def test_numbers_outside_the_plausible_serial_range_are_unreadable(number: object) -> None:
    with pytest.raises(DueDateError) as caught:
        due(number)
    assert caught.value.code is Code.DUE_UNREADABLE


def test_openpyxl_cells() -> None:
    assert due(datetime(2026, 5, 10)) == END_OF_MAY_10  # a date-formatted cell is a midnight datetime
    assert due(datetime(2026, 5, 10, 9, 30)) == datetime(2026, 5, 10, 9, 30, tzinfo=TZ)
    assert due(date(2026, 5, 10)) == END_OF_MAY_10


def test_aware_datetime_is_converted_to_the_zone() -> None:
    assert due(datetime(2026, 5, 10, 6, 0, tzinfo=UTC)) == datetime(2026, 5, 10, 14, 0, tzinfo=TZ)


@pytest.mark.parametrize("text", ["TBD", "下周", "May", "2026", "10", "2月30日", "5/10 25:00", "13/40"])
def test_unreadable_text_carries_the_raw_value(text: str) -> None:
    with pytest.raises(DueDateError) as caught:
        due(text)
    assert caught.value.code is Code.DUE_UNREADABLE
    assert caught.value.params == {"value": text}


@pytest.mark.parametrize("value", [None, "", "   "])
def test_blank_is_missing_not_unreadable(value: object) -> None:
    with pytest.raises(DueDateError) as caught:
        due(value)
    assert caught.value.code is Code.DUE_MISSING


def test_boolean_cell_is_unreadable() -> None:
    with pytest.raises(DueDateError) as caught:
        due(True)
    assert caught.value.code is Code.DUE_UNREADABLE


def test_yearless_date_takes_the_year_nearest_the_campaign() -> None:
    january_campaign = {"start": date(2026, 1, 10), "end": date(2026, 2, 10), "tz": TZ}
    new_year_campaign = {"start": date(2026, 12, 1), "end": date(2027, 1, 31), "tz": TZ}

    assert parse_due_near("12月20日", **january_campaign).date() == date(2025, 12, 20)
    assert parse_due_near("1月5日", **new_year_campaign).date() == date(2027, 1, 5)
    assert parse_due_near("12月5日", **new_year_campaign).date() == date(2026, 12, 5)
    assert parse_due_near("2024-12-20", **january_campaign).date() == date(2024, 12, 20)
