"""Numbers, money and dates are formatted here and nowhere else, in the reader's locale (Babel).

Chinese readers get what a Chinese team writes: large amounts in 万 and 亿 (`¥87万`, `¥8.7万`, `¥180万`, `¥1.2亿`,
never a trailing `.0`) — 萬 and 億 to a reader of Traditional (`120萬` for zh-TW and zh-HK, the script from Babel, the
characters from OpenCC) — money as `¥` without `.00`, times without seconds, a due *day* as a day (the 23:59:59 that
stands for "by the end of that day" is never shown). Negative figures carry a real minus sign (−, U+2212), as
typeset text does, never the hyphen.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit

from bot.kernel.i18n.chinese import to_traditional

DEFAULT_CURRENCY = "CNY"
END_OF_DAY = time(23, 59, 59)  # what a date-only due date means (bot/imports/rules/dates.py)
# 万 is 10⁴, 亿 is 10⁸; from 1万 on, Chinese teams count in them.
_WAN, _YI = Decimal(10) ** 4, Decimal(10) ** 8
# Currencies whose sign is plain in every locale the bot speaks: English readers of a yuan budget expect ¥.
_PLAIN_SIGNS = {"CNY": "¥"}
MINUS = "\u2212"


def _minus(text: str) -> str:
    """Babel writes negatives with the ASCII hyphen; readers get the minus sign."""
    return MINUS + text[1:] if text.startswith("-") else text


@cache
def babel_locale(locale: str | None) -> Locale:
    """Cached: parsing a locale costs ~0.1 ms, and a summary formats hundreds of figures."""
    try:
        return Locale.parse((locale or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def _is_chinese(locale: str | None) -> bool:
    return babel_locale(locale).language == "zh"


def _exact(value: int | Decimal | float) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _rounded(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _in_chinese_units(value: Decimal, locale: str | None) -> str | None:
    """`87万`, `8.7万`, `180万`, `1,250万`, `1.2亿`: at most one decimal below a hundred units (none when it is 0),
    whole units above; None below 1万."""
    magnitude = abs(value)
    if magnitude < _WAN:
        return None
    unit, name = (_YI, "亿") if magnitude >= _YI or _shown(magnitude / _WAN) >= _WAN else (_WAN, "万")
    if babel_locale(locale).script == "Hant":
        name = to_traditional(name)
    shown = _shown(magnitude / unit)
    pattern = "#,##0" if shown >= 100 else "#,##0.#"
    return ("-" if value < 0 else "") + format_decimal(shown, format=pattern, locale=babel_locale(locale)) + name


def _shown(scaled: Decimal) -> Decimal:
    shown = _rounded(scaled, 1)
    return _rounded(scaled, 0) if shown >= 100 else shown


def number(value: int | Decimal | float, locale: str | None = None, *, whole: bool = False) -> str:
    """`whole`: rounded to a whole number first (an expected pace of 1,234.5 visitors reads as 1,235)."""
    exact = _exact(value)
    if whole:
        exact = _rounded(exact, 0)
    if _is_chinese(locale):
        compact = _in_chinese_units(exact, locale)
        if compact is not None:
            return _minus(compact)
    return _minus(format_decimal(exact, locale=babel_locale(locale)))


def money(value: Decimal, locale: str | None = None, currency: str = DEFAULT_CURRENCY, *, whole: bool = False) -> str:
    """Cents only when there are any (`¥870,000`, `¥12.50`); `whole` rounds to the unit first."""
    exact = _exact(value)
    if whole:
        exact = _rounded(exact, 0)
    sign = _PLAIN_SIGNS.get(currency)
    if sign is None:
        return _minus(format_currency(exact, currency, locale=babel_locale(locale)))
    compact = _in_chinese_units(exact, locale) if _is_chinese(locale) else None
    if compact is None:
        cents = exact != exact.to_integral_value()
        digits = format_decimal(abs(exact), format="#,##0.00" if cents else "#,##0", locale=babel_locale(locale))
        compact = ("-" if exact < 0 else "") + digits
    return MINUS + sign + compact[1:] if compact.startswith("-") else sign + compact


def percent(ratio: Decimal | float, locale: str | None = None) -> str:
    """`ratio` is a fraction: 0.125 → 12.5%."""
    return _minus(format_percent(ratio, format="#,##0.#%", locale=babel_locale(locale)))


def day(value: date, locale: str | None = None) -> str:
    return format_date(value, format="medium", locale=babel_locale(locale))


def day_range(start: date, end: date, locale: str | None = None) -> str:
    return f"{day(start, locale)} – {day(end, locale)}"


def moment(value: datetime, tz: str, locale: str | None = None) -> str:
    """Date and time to the minute in `tz` (`2026年4月20日 10:00`, `Apr 20, 2026, 10:00 AM`)."""
    local = value.astimezone(ZoneInfo(tz))
    babel = babel_locale(locale)
    pattern = str(babel.datetime_formats["medium"])
    return pattern.replace("{1}", day(local.date(), locale)).replace(
        "{0}", format_time(local.time(), format="short", locale=babel))


def due(value: datetime, tz: str, locale: str | None = None) -> str:
    """A due date: just the day when it means "by the end of that day", else day and time."""
    local = value.astimezone(ZoneInfo(tz))
    if local.time().replace(microsecond=0) == END_OF_DAY:
        return day(local.date(), locale)
    return moment(value, tz, locale)


def country_name(code: str, locale: str | None = None) -> str:
    """`CN` → "China" / "中国"; the code itself when Babel does not know it."""
    return babel_locale(locale).territories.get(code, code)


def listing(items: list[str], locale: str | None = None) -> str:
    """`a, b, and c` / `a、b和c`."""
    return format_list(items, locale=babel_locale(locale)) if items else ""


def duration(value: timedelta, locale: str | None = None) -> str:
    """A length of time, the one formatter for it and the one style: the two largest units, rounded to the minute
    ("1 hr 2 min", "2 days 2 hr", "1小时2分钟"); under a minute in seconds. MTTA and MTTR read this way, and so do
    incident targets and elapsed times."""
    seconds = max(int(value.total_seconds()), 0)
    if seconds < 60:
        return format_unit(seconds, "duration-second", length="short", locale=babel_locale(locale))
    minutes = round(seconds / 60)
    parts = [(minutes // 1440, "duration-day"), (minutes % 1440 // 60, "duration-hour"),
             (minutes % 60, "duration-minute")]
    first = next(index for index, (amount, _) in enumerate(parts) if amount)
    where = babel_locale(locale)
    shown = [format_unit(amount, unit, length="short", locale=where)
             for amount, unit in parts[first:first + 2] if amount]
    return format_list(shown, style="unit-narrow", locale=where)
