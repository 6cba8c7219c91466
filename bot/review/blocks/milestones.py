"""The review's "Key milestones" (关键里程碑) section: each milestone hit or missed, with its day, its owner and the
day it was done. Shared by the Slack message and the PDF through `bot.review.blocks.lines`."""

from __future__ import annotations

from collections.abc import Callable

from bot.kernel import formatting
from bot.kernel.blockkit.text import truncate
from bot.kernel.i18n import t
from bot.readiness.rules import MilestoneOutcome
from bot.review.rules import Review

NAME_SHOWN = 200
MARKS = {MilestoneOutcome.HIT: "✅", MilestoneOutcome.MISSED: "❌", MilestoneOutcome.UPCOMING: "⏳"}


def milestone_lines(review: Review, locale: str | None, person: Callable[[str], str], safe: Callable[[str], str]
                    ) -> list[str]:
    if not review.milestones:
        return [t("review.milestones.none", locale)]
    hit = sum(result.outcome == MilestoneOutcome.HIT for result in review.milestones)
    missed = sum(result.outcome == MilestoneOutcome.MISSED for result in review.milestones)
    lines = [t("review.milestones.counts", locale, hit=hit, missed=missed, total=len(review.milestones))]
    for result in review.milestones:
        done = (t("review.milestone.done_on", locale, day=formatting.day(result.done_on, locale))
                if result.done_on else "")
        lines.append(t("review.milestone.line", locale, mark=MARKS[result.outcome],
                       name=safe(truncate(result.name, NAME_SHOWN)), day=formatting.day(result.on_date, locale),
                       outcome=t(f"review.milestone.{result.outcome.value}", locale),
                       owner=person(result.owner_id) if result.owner_id else "—", done=done))
    return lines
