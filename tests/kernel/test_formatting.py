from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.kernel import formatting

ZH = "zh_CN"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("en", "1,234,567.891"), (ZH, "123万"), ("en-US", "1,234,567.891")],
)
def test_number(locale: str, expected: str) -> None:
    assert formatting.number(Decimal("1234567.891"), locale) == expected


def test_number_of_int_and_exact_decimal() -> None:
    assert formatting.number(5000000, "en") == "5,000,000"
    assert formatting.number(Decimal("12345.0000"), "en") == "12,345"


@pytest.mark.parametrize(
    ("locale", "value", "expected"),
    [
        ("en", "870000", "¥870,000"),
        ("en", "200000.00", "¥200,000"),
        ("en", "0.1", "¥0.10"),
        ("en", "-1.5", "−¥1.50"),
        ("en", "12345678901.23", "¥12,345,678,901.23"),
        (ZH, "870000", "¥87万"),
        (ZH, "1800000", "¥180万"),
        (ZH, "120000000", "¥1.2亿"),
        (ZH, "12500000", "¥1,250万"),
        (ZH, "15000", "¥1.5万"),
        (ZH, "10000", "¥1万"),
        (ZH, "9999", "¥9,999"),
        (ZH, "8500.50", "¥8,500.50"),
        (ZH, "999960", "¥100万"),  # rounds into the next hundred
        (ZH, "99999999", "¥1亿"),  # rounds into the next unit
        (ZH, "12345678901.23", "¥123亿"),
        (ZH, "-870000", "−¥87万"),
        (ZH, "0", "¥0"),
    ],
)
def test_money_in_yuan(locale: str, value: str, expected: str) -> None:
    assert formatting.money(Decimal(value), locale) == expected


@pytest.mark.parametrize(("value", "expected"), [(5000000, "500万"), (87000, "8.7万"), (9999, "9,999"),
                                                 (Decimal("1234.5"), "1,234.5"), (300000000, "3亿")])
def test_chinese_numbers_count_in_wan_and_yi(value: int | Decimal, expected: str) -> None:
    assert formatting.number(value, ZH) == expected


def test_whole_numbers_for_the_pace() -> None:
    assert formatting.number(Decimal("1234.5"), "en", whole=True) == "1,235"
    assert formatting.number(Decimal("12.49"), ZH, whole=True) == "12"
    assert formatting.money(Decimal("8500.50"), ZH, whole=True) == "¥8,501"
    assert formatting.money(Decimal("1999.4"), "en", whole=True) == "¥1,999"


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
    assert formatting.moment(instant, "Asia/Shanghai", "en") == "Apr 20, 2026, 10:00\u202fAM"  # to the minute
    assert formatting.moment(instant, "Asia/Shanghai", ZH) == "2026年4月20日 10:00"
    # The same instant, another zone: the day changes too.
    assert formatting.moment(instant, "America/Los_Angeles", ZH) == "2026年4月19日 19:00"


def test_a_due_day_shows_as_a_day_and_a_due_time_without_seconds() -> None:
    end_of_day = datetime(2026, 5, 10, 15, 59, 59, tzinfo=UTC)  # 23:59:59 in Shanghai: "by the end of May 10"
    assert formatting.due(end_of_day, "Asia/Shanghai", ZH) == "2026年5月10日"
    assert formatting.due(end_of_day, "Asia/Shanghai", "en") == "May 10, 2026"
    # In another zone it is not the end of a day there, so the time is shown.
    assert formatting.due(end_of_day, "UTC", ZH) == "2026年5月10日 15:59"
    assert formatting.due(datetime(2026, 5, 10, 10, 0, tzinfo=UTC), "Asia/Shanghai", ZH) == "2026年5月10日 18:00"


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


@pytest.mark.parametrize(("locale", "value", "shown"), [
    ("zh-TW", "1200000", "120萬"), ("zh-HK", "1200000", "120萬"), ("zh-TW", "300000000", "3億"),
    ("zh-TW", "-1500000", "\u2212150萬"), ("zh-CN", "1200000", "120万"), ("zh-TW", "1234", "1,234"),
])
def test_amounts_are_shown_in_the_readers_script(locale: str, value: str, shown: str) -> None:
    assert formatting.number(Decimal(value), locale) == shown


def test_money_for_a_taiwan_reader_uses_traditional_units() -> None:
    assert formatting.money(Decimal("870000"), "zh-TW") == "¥87萬"
    assert formatting.money(Decimal("120000000"), "zh-TW") == "¥1.2億"
    assert formatting.money(Decimal("-60000"), "zh-TW") == "\u2212¥6萬"


def test_negatives_carry_a_real_minus_sign_and_no_trailing_zero_in_wan() -> None:
    assert formatting.percent(Decimal("-0.2"), "en") == "\u221220%"
    assert formatting.number(-1500, "en") == "\u22121,500"
    assert formatting.number(60000, "zh-CN") == "6万" and formatting.number(-60000, "zh-CN") == "\u22126万"
    assert formatting.money(Decimal(-60000), "zh-CN") == "\u2212¥6万"
    assert "-" not in formatting.money(Decimal("-12.5"), "en")
