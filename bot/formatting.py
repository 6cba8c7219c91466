"""Numbers, money and dates are formatted here and nowhere else, in the reader's locale (Babel)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit

DEFAULT_CURRENCY = "CNY"


def babel_locale(locale: str | None) -> Locale:
    try:
        return Locale.parse((locale or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def number(value: int | Decimal | float, locale: str | None = None) -> str:
    return format_decimal(value, locale=babel_locale(locale))


def money(value: Decimal, locale: str | None = None, currency: str = DEFAULT_CURRENCY) -> str:
    return format_currency(value, currency, locale=babel_locale(locale))


def money_whole(value: Decimal, locale: str | None = None, currency: str = DEFAULT_CURRENCY) -> str:
    """Rounded to whole units, for chart axes and bar ends where cents are noise."""
    return format_currency(value, currency, format="¤#,##0", currency_digits=False, locale=babel_locale(locale))


def percent(ratio: Decimal | float, locale: str | None = None) -> str:
    """`ratio` is a fraction: 0.125 → 12.5%."""
    return format_percent(ratio, format="#,##0.#%", locale=babel_locale(locale))


def day(value: date, locale: str | None = None) -> str:
    return format_date(value, format="medium", locale=babel_locale(locale))


def day_range(start: date, end: date, locale: str | None = None) -> str:
    return f"{day(start, locale)} – {day(end, locale)}"


def moment(value: datetime, tz: str, locale: str | None = None) -> str:
    return format_datetime(value, format="medium", tzinfo=ZoneInfo(tz), locale=babel_locale(locale))


def duration(value: timedelta, locale: str | None = None) -> str:
    """The two largest units, rounded to the minute ("1 hr 2 min", "2 days 2 hr", "1小时2分钟"); under a minute
    in seconds. MTTA and MTTR read this way."""
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
