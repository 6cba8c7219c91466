from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot import formatting

ZH = "zh_CN"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "1,234,567.891"), (ZH, "1,234,567.891"), ("en-US", "1,234,567.891")],
)
def test_number(locale: str, expected: str) -> None:
    assert formatting.number(Decimal("1234567.891"), locale) == expected


def test_number_of_int_and_exact_decimal() -> None:
    assert formatting.number(5000000, "en") == "5,000,000"
    assert formatting.number(Decimal("12345.0000"), "en") == "12,345"


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("en", "200000", "CN¥200,000.00"),
        ("en", "0.1", "CN¥0.10"),
        ("en", "-1.5", "-CN¥1.50"),
        (ZH, "200000", "¥200,000.00"),
        (ZH, "12345678901.23", "¥12,345,678,901.23"),
    ],
)
def test_money_in_yuan(locale: str, value: str, expected: str) -> None:
    assert formatting.money(Decimal(value), locale) == expected


def test_money_other_currency() -> None:
    assert formatting.money(Decimal("5"), "en", currency="USD") == "$5.00"


@pytest.mark.parametrize(
    ("ratio", "expected"),
    [(Decimal("0.125"), "12.5%"), (Decimal("0.1"), "10%"), (Decimal("0"), "0%"), (Decimal("0.5"), "50%"), (1, "100%")],
)
@pytest.mark.parametrize("locale", ["en", ZH])
def test_percent(locale: str, ratio: Decimal, expected: str) -> None:
    assert formatting.percent(ratio, locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [("en", "May 1, 2026"), (ZH, "2026年5月1日")])
def test_day(locale: str, expected: str) -> None:
    assert formatting.day(date(2026, 5, 1), locale) == expected


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "May 1, 2026 – May 31, 2026"), (ZH, "2026年5月1日 – 2026年5月31日")],
)
def test_day_range(locale: str, expected: str) -> None:
    assert formatting.day_range(date(2026, 5, 1), date(2026, 5, 31), locale) == expected


def test_moment_is_shown_in_the_campaign_time_zone() -> None:
    instant = datetime(2026, 4, 20, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
    english = formatting.moment(instant, "Asia/Shanghai", "en")
    assert english.startswith("Apr 20, 2026")
    assert "10:00:00" in english and "AM" in english
    assert formatting.moment(instant, "Asia/Shanghai", ZH) == "2026年4月20日 10:00:00"
    # The same instant, another zone: the day changes too.
    assert formatting.moment(instant, "America/Los_Angeles", ZH) == "2026年4月19日 19:00:00"


def test_moment_does_not_depend_on_the_input_zone() -> None:
    utc = datetime(2026, 4, 20, 2, 0, tzinfo=UTC)
    shanghai = datetime(2026, 4, 20, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    assert formatting.moment(utc, "Asia/Shanghai", ZH) == formatting.moment(shanghai, "Asia/Shanghai", ZH)


@pytest.mark.parametrize("locale", [None, "", "xx-YY", "nonsense!!", "zz"])
def test_unknown_locale_falls_back_to_english(locale: str | None) -> None:
    assert str(formatting.babel_locale(locale)) == "en"
    assert formatting.money(Decimal("200000"), locale) == formatting.money(Decimal("200000"), "en")
    assert formatting.day(date(2026, 5, 1), locale) == "May 1, 2026"
    assert formatting.percent(Decimal("0.15"), locale) == "15%"


@pytest.mark.parametrize("locale", ["zh-CN", "zh_CN"])
def test_slack_and_posix_spellings_of_a_locale_agree(locale: str) -> None:
    assert formatting.babel_locale(locale).language == "zh"
    assert formatting.day(date(2026, 5, 1), locale) == "2026年5月1日"
