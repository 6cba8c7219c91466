"""What the review says about the follow-through after the plan: which registered risks came true, and how
satisfied the team was (bot.plan.rules.risks, bot.feedback.rules.satisfaction)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.feedback.rules.satisfaction import Tally
from bot.plan.rules.risks import RiskOutcome


@dataclass(frozen=True)
class FollowThrough:
    risks: tuple[RiskOutcome, ...] = ()
    satisfaction: Tally = field(default_factory=Tally)
