"""The sane range of what people may type: dates a campaign can have, and names that are time zones.

A time zone is a name from the IANA database, nothing else: `ZoneInfo` also opens whatever file sits under the
zone directory by that name, "localtime" (the server's own, different on every machine), "posixrules",
"Factory". A campaign's zone must mean the same on every server."""

from __future__ import annotations

from datetime import date
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

# Campaigns are planned in the present; a date picker offers 1900 and 9999 as readily as tomorrow.
FIRST_DATE = date(2000, 1, 1)
LAST_DATE = date(2099, 12, 31)
NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def _known() -> frozenset[str]:
    return frozenset(available_timezones()) - NOT_ZONES


def is_iana_zone(name: str) -> bool:
    if not name or name in NOT_ZONES or name.startswith(("posix/", "right/")):
        return False
    known = _known()
    if known:
        return name in known
    try:  # no list of zones on this system (no tzdata): a zone that opens is the best test left
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "Asia" is a directory of zones, not one
        return False
    return True
