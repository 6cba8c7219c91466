"""The satisfaction question (满意度) after a campaign: scores 1–5, one per person, and their average.
Pure values and functions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SCORES = (1, 2, 3, 4, 5)
TOP = SCORES[-1]


@dataclass(frozen=True)
class Tally:
    """How many answered and their average (one decimal); None when nobody has."""

    count: int = 0
    average: Decimal | None = None


def tally(scores: Iterable[int]) -> Tally:
    valid = [score for score in scores if score in SCORES]
    if not valid:
        return Tally()
    average = (Decimal(sum(valid)) / len(valid)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return Tally(count=len(valid), average=average)


def score_of(action_id: str, prefix: str) -> int | None:
    """The score a button's action id carries (`<prefix>4` → 4); None for anything the bot did not send."""
    suffix = action_id[len(prefix):] if action_id.startswith(prefix) else ""
    return int(suffix) if suffix.isascii() and suffix.isdigit() and int(suffix) in SCORES else None
