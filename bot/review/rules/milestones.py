"""The review's key milestones (关键里程碑): each one hit or missed, and the day it was done. Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from bot.readiness.rules import MilestoneOutcome, milestone_outcome


@dataclass(frozen=True)
class MilestoneFact:
    """A milestone as stored; `done_on` is the campaign-time day it was marked done (None when it was not)."""

    name: str
    on_date: date
    owner_id: str | None
    state: str  # bot.readiness.rules.MilestoneState values
    done_on: date | None = None


@dataclass(frozen=True)
class MilestoneResult:
    name: str
    on_date: date
    owner_id: str | None
    outcome: MilestoneOutcome
    done_on: date | None


def milestone_review(milestones: Iterable[MilestoneFact], today: date) -> tuple[MilestoneResult, ...]:
    """In date order; `today` is the review's day in campaign time (a milestone of an earlier day still open is
    missed)."""
    return tuple(
        MilestoneResult(fact.name, fact.on_date, fact.owner_id,
                        milestone_outcome(fact.state, fact.on_date, fact.done_on, today), fact.done_on)
        for fact in sorted(milestones, key=lambda fact: (fact.on_date, fact.name))
    )
