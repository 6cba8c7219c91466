"""Working days per campaign country: public holidays and, for China, the adjusted working days (调休).

China moves weekends around its holidays: the Saturday before Labour Day may be a working day (上班) so that
May 1–5 can be off. The `holidays` package knows both the days off and those working weekend days
(`weekend_workdays`), for every country it supports. This module only asks it; no I/O beyond reading the
package's own tables.

A campaign's country is chosen in the Reminders modal; unset, it follows the campaign's time zone
(Asia/Shanghai → CN, via the IANA zone.tab), and it can be set to none (weekends only).
"""

from __future__ import annotations

import importlib.resources
from datetime import date
from functools import cache

import holidays

FROM_TIME_ZONE = "auto"  # the modal's choice for "the country of the campaign's time zone"
NO_COUNTRY = "none"  # weekends (and the owner's own dates) only
# The Reminders modal's list (Slack allows 100 options): where a Chinese marketing team's campaigns run.
COUNTRY_CHOICES = (
    "CN", "HK", "MO", "TW", "SG", "MY", "JP", "KR", "TH", "VN", "ID", "PH", "IN", "AU", "NZ", "AE", "SA", "TR",
    "US", "CA", "MX", "BR", "GB", "IE", "DE", "FR", "IT", "ES", "PT", "NL", "BE", "CH", "AT", "SE", "NO", "DK",
    "FI", "PL", "RU", "ZA",
)
# Languages the package can name holidays in, by the bot's language.
_HOLIDAY_LANGUAGE = {"zh": "zh_CN", "zh_Hans": "zh_CN", "zh_Hant": "zh_TW", "en": "en_US"}


def supported(country: str) -> bool:
    return country in _supported_countries()


@cache
def _supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


def stored_choice(choice: str) -> str | None:
    """The modal's choice as the campaign stores it: None follows the time zone, "" is no country."""
    if choice == FROM_TIME_ZONE:
        return None
    return "" if choice == NO_COUNTRY else choice


def choice_of(stored: str | None) -> str:
    if stored is None:
        return FROM_TIME_ZONE
    return stored or NO_COUNTRY


def campaign_country(stored: str | None, timezone: str) -> str | None:
    """The country whose holidays count for a campaign, or None for weekends only."""
    if stored is None:
        return country_of_zone(timezone)
    return stored if stored and supported(stored) else None


def country_of_zone(timezone: str) -> str | None:
    country = _zone_countries().get(timezone)
    return country if country and supported(country) else None


@cache
def _zone_countries() -> dict[str, str]:
    """IANA zone → ISO country, from zone.tab (one country per zone; zone1970.tab lists several)."""
    try:
        table = importlib.resources.files("tzdata").joinpath("zoneinfo/zone.tab").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return {}
    countries: dict[str, str] = {}
    for line in table.splitlines():
        if line and not line.startswith("#"):
            fields = line.split("\t")
            if len(fields) >= 3:
                countries[fields[2]] = fields[0]
    return countries


@cache
def _calendar(country: str, year: int, language: str | None = None) -> holidays.HolidayBase:
    languages = holidays.country_holidays(country).supported_languages
    return holidays.country_holidays(country, years=year,
                                     language=language if language in languages else None)


def is_day_off(country: str | None, day: date, *, skip_weekends: bool) -> bool:
    """A public holiday of `country`, or a weekend day that is not one of its adjusted working days."""
    if country is None:
        return skip_weekends and day.weekday() >= 5
    calendar = _calendar(country, day.year)
    if day in calendar:
        return True
    return skip_weekends and not calendar.is_working_day(day)


def holidays_between(country: str | None, start: date, end: date, language: str) -> list[tuple[date, str]]:
    """The public holidays of `country` from `start` to `end`, named in `language` where the package can."""
    if country is None:
        return []
    wanted = _HOLIDAY_LANGUAGE.get(language)
    found: list[tuple[date, str]] = []
    for year in range(start.year, end.year + 1):
        found += [(day, name) for day, name in _calendar(country, year, wanted).items() if start <= day <= end]
    return sorted(found)


def working_weekend_days(country: str | None, start: date, end: date) -> list[date]:
    """Saturdays and Sundays that are working days (China's 调休 上班 days) from `start` to `end`."""
    if country is None:
        return []
    days: set[date] = set()
    for year in range(start.year, end.year + 1):
        days |= {day for day in _calendar(country, year).weekend_workdays if start <= day <= end}
    return sorted(days)
