"""What the review says about the follow-through after the plan: which registered risks came true, and how
satisfied the team was (bot.domain.risks, bot.domain.satisfaction)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.risks import RiskOutcome
from bot.domain.satisfaction import Tally


@dataclass(frozen=True)
class FollowThrough:
    risks: tuple[RiskOutcome, ...] = ()
    satisfaction: Tally = field(default_factory=Tally)
