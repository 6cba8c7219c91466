"""Numbers, money and dates are formatted here and nowhere else, in the reader's locale (Babel)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

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


def percent(ratio: Decimal | float, locale: str | None = None) -> str:
    """`ratio` is a fraction: 0.125 → 12.5%."""
    return format_percent(ratio, format="#,##0.#%", locale=babel_locale(locale))


def day(value: date, locale: str | None = None) -> str:
    return format_date(value, format="medium", locale=babel_locale(locale))


def day_range(start: date, end: date, locale: str | None = None) -> str:
    return f"{day(start, locale)} – {day(end, locale)}"


def moment(value: datetime, tz: str, locale: str | None = None) -> str:
    return format_datetime(value, format="medium", tzinfo=ZoneInfo(tz), locale=babel_locale(locale))
