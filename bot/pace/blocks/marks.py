"""The one mark per pace status, for every surface that shows a KPI (summary, review, App Home, compare).

The status comes from `bot.pace.rules.pace.standing`; no surface maps a percentage to a colour of its own."""

from __future__ import annotations

from bot.kernel.i18n import t
from bot.pace.rules.pace import PaceStanding, PaceStatus

MARKS: dict[PaceStatus, str] = {
    PaceStatus.AHEAD: "🟢",
    PaceStatus.ON_PACE: "🟢",
    PaceStatus.BEHIND: "🔴",
    PaceStatus.UNKNOWN: "⚪",
}


def pace_mark(standing: PaceStanding | None) -> str:
    return MARKS[PaceStatus.UNKNOWN if standing is None else standing.status]


def pace_word(standing: PaceStanding | None, locale: str | None, *, short: bool = False) -> str:
    """"ahead of pace" / "on pace" / "behind pace"; once ended, "target met" / "target missed". `short` ("ahead",
    "behind") for a line that already says "… of pace"."""
    status = PaceStatus.UNKNOWN if standing is None else standing.status
    if standing is not None and standing.final:
        return t(f"pace.signals.status.{status.value}.final", locale)
    return t(f"pace.signals.status.{status.value}{'.short' if short else ''}", locale)
