"""Read due dates as teams write them in a division-of-labour table.

A date without a time means "by the end of that day" (23:59:59 in the campaign's time zone); a time of
day, when written, is kept. Chinese forms and the common numeric forms go through regexes (fast and
unambiguous: "5/10" is always month/day); English month-name forms go through python-dateutil.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil import parser as dateutil_parser

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import DueDateError
from bot.imports.rules.text import cell_text

END_OF_DAY = time(23, 59, 59)

# Excel's 1900 date system counts from 1899-12-30 (it wrongly treats 1900 as a leap year). Only
# serials between 1954 and 2119 are taken as dates, so a stray count like "3" is not read as 1900.
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 20000, 80000

_ISO = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s]+(.+))?$")
_COMPACT = re.compile(r"^((?:19|20)\d{2})(\d{2})(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{1,2})[/.](\d{1,2})(?:\s+(.+))?$")
_CHINESE = re.compile(r"^(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*(.*)$")
# (pattern, year group or None, month group, day group, time-of-day group)
_DATE_FORMS: tuple[tuple[re.Pattern[str], int | None, int, int, int], ...] = (
    (_ISO, 1, 2, 3, 4),
    (_CHINESE, 1, 2, 3, 4),
    (_MONTH_DAY, None, 1, 2, 3),
)
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(am|pm)?$")
_HOUR_MERIDIEM = re.compile(r"^(\d{1,2})\s*(am|pm)$")
_CHINESE_CLOCK = re.compile(r"^(\d{1,2})\s*[点时](?:\s*(\d{1,2})\s*分?|\s*(半))?$")
_CHINESE_MERIDIEM = re.compile(r"^(上午|早上|中午|下午|晚上)\s*")
# "(周五)", "(Fri)" weekday hints and "前"/"by" add nothing to the date itself.
_NOISE = re.compile(r"\([^)]*\)")
_BEFORE_SUFFIX = re.compile(r"\s*(?:之前|以前|前)$")
_BY_PREFIX = re.compile(r"^(?:by|due)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class _Parts:
    year: int | None  # None: the cell gave no year
    month: int
    day: int
    clock: time | None  # None: the cell gave no time of day


def parse_due(value: object, *, default_year: int, tz: ZoneInfo) -> datetime:
    """Return an aware datetime in ``tz``; raise DueDateError(due_missing | due_unreadable)."""
    parts = _to_parts(value, tz)
    return _assemble(parts, parts.year or default_year, tz, value)


def parse_due_near(value: object, *, start: date, end: date, tz: ZoneInfo) -> datetime:
    """Like parse_due, but a date without a year takes the year that puts it closest to the campaign.

    A December prep task for a January campaign ("12月20日") belongs to the year before the start,
    and "1月5日" in a December–January campaign belongs to the year after; the start year alone
    would silently put either a year off.
    """
    parts = _to_parts(value, tz)
    if parts.year is not None:
        return _assemble(parts, parts.year, tz, value)
    best: datetime | None = None
    best_distance = 0
    for year in sorted({start.year - 1, start.year, end.year}):
        try:
            candidate = _assemble(parts, year, tz, value)
        except DueDateError:
            continue  # 29 February in a non-leap year
        day = candidate.date()
        distance = (start - day).days if day < start else max((day - end).days, 0)
        if best is None or distance < best_distance:
            best, best_distance = candidate, distance
    if best is None:
        raise _unreadable(value)
    return best


def _to_parts(value: object, tz: ZoneInfo) -> _Parts:
    if value is None:
        raise DueDateError(Code.DUE_MISSING)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(tz).replace(tzinfo=None)
        # Excel date cells arrive as midnight datetimes: midnight means "a date", not 00:00.
        clock = None if value.time() == time(0) else value.time()
        return _Parts(value.year, value.month, value.day, clock)
    if isinstance(value, date):
        return _Parts(value.year, value.month, value.day, None)
    if isinstance(value, bool):
        raise _unreadable(value)
    if isinstance(value, int | float):
        return _from_serial(float(value), value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            raise DueDateError(Code.DUE_MISSING)
        return _parse_text(text)
    raise _unreadable(value)


def _from_serial(serial: float, raw: object) -> _Parts:
    if not _SERIAL_MIN <= serial <= _SERIAL_MAX:
        raise _unreadable(raw)
    moment = _EXCEL_EPOCH + timedelta(seconds=round(serial * 86400))
    clock = None if moment.time() == time(0) else moment.time()
    return _Parts(moment.year, moment.month, moment.day, clock)


@lru_cache(maxsize=4096)
def _parse_text(raw: str) -> _Parts:
    # Tables repeat the same few dates, so the cache makes 2,000 rows cost a few hundred parses.
    text = unicodedata.normalize("NFKC", raw)
    text = _NOISE.sub(" ", text)
    text = _BY_PREFIX.sub("", _BEFORE_SUFFIX.sub("", text.strip())).strip()
    if _SERIAL.match(text):
        return _from_serial(float(text), raw)
    if match := _COMPACT.match(text):
        return _Parts(int(match[1]), int(match[2]), int(match[3]), None)
    for pattern, year_group, month_group, day_group, rest_group in _DATE_FORMS:
        if match := pattern.match(text):
            year = int(match[year_group]) if year_group and match[year_group] else None
            rest = (match[rest_group] or "").strip()
            clock = _parse_clock(rest, raw) if rest else None
            return _Parts(year, int(match[month_group]), int(match[day_group]), clock)
    return _parse_with_dateutil(text, raw)


def _parse_clock(text: str, raw: object) -> time:
    text = text.lower().replace(".", "")
    meridiem: str | None = None
    if match := _CHINESE_MERIDIEM.match(text):
        meridiem = "am" if match[1] in ("上午", "早上") else "pm"
        text = text[match.end():]
    hour = minute = second = 0
    if match := _CLOCK.match(text):
        hour, minute, second = int(match[1]), int(match[2]), int(match[3] or 0)
        meridiem = match[4] or meridiem
    elif match := _HOUR_MERIDIEM.match(text):
        hour, meridiem = int(match[1]), match[2]
    elif match := _CHINESE_CLOCK.match(text):
        hour = int(match[1])
        minute = 30 if match[3] else int(match[2] or 0)
    else:
        raise _unreadable(raw)
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        raise _unreadable(raw)
    return time(hour, minute, second)


def _parse_with_dateutil(text: str, raw: object) -> _Parts:
    # dateutil fills what the text lacks from `default` without saying so; parsing against two
    # different defaults reveals which parts were really written.
    results: list[datetime] = []
    for default in (datetime(2000, 1, 1, 0, 0, 0), datetime(2004, 2, 2, 23, 59, 59)):
        try:
            results.append(dateutil_parser.parse(text, default=default))
        except (ValueError, OverflowError) as exc:
            raise _unreadable(raw) from exc
    first, second = results
    if (first.month, first.day) != (second.month, second.day):
        raise _unreadable(raw)  # "May" or "2026": no day to be due on
    if first.tzinfo is not None:
        raise _unreadable(raw)  # a foreign zone in a due-date cell is more likely a typo than intent
    year = first.year if first.year == second.year else None
    clock = first.time() if first.hour == second.hour else None
    return _Parts(year, first.month, first.day, clock)


def _assemble(parts: _Parts, year: int, tz: ZoneInfo, raw: object) -> datetime:
    try:
        return datetime.combine(date(year, parts.month, parts.day), parts.clock or END_OF_DAY, tzinfo=tz)
    except ValueError as exc:
        raise _unreadable(raw) from exc


def _unreadable(raw: object) -> DueDateError:
    return DueDateError(Code.DUE_UNREADABLE, {"value": cell_text(raw)})
