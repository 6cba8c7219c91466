"""The workbook's "Rates and lifts" sheet (bot.render.export): each rate, lift or new-members target with its
target, baseline, measure and status, in the reader's words, as every other surface shows them."""

from __future__ import annotations

from collections.abc import Sequence

from bot.blocks.target_lines import actual_text, baseline_text, goal_name, status_word, target_text
from bot.domain.target_rates import GoalResult
from bot.domain.targets import GoalKind
from bot.i18n import t


def goal_table(results: Sequence[GoalResult], locale: str | None) -> tuple[list[str], list[tuple[object, ...]]]:
    headers = [t(f"export.targets.{column}", locale) for column in ("name", "target", "baseline", "actual",
                                                                     "status")]
    rows: list[tuple[object, ...]] = [
        (goal_name(result.goal, locale), target_text(result.goal, result.target, locale),
         baseline_text(result.goal, result.baseline, locale) if result.kind is GoalKind.LIFT else "",
         actual_text(result, locale), status_word(result, locale))
        for result in results
    ]
    return headers, rows
