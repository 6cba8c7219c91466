"""The workbook's "Rates and lifts" sheet (bot.export.render.workbook): each rate, lift or new-members target with its
target, baseline, measure and status, judged as every other surface judges them; numbers as numbers, each with
its format (a lift as `+0.0%`, so no cell starts with a `+` a spreadsheet would read as a formula)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.kernel.i18n import t
from bot.pace.blocks.target_lines import goal_name, status_word
from bot.pace.rules.target_rates import GoalResult
from bot.plan.rules.targets import Goal, GoalKind

COUNT, PERCENT, LIFT, MONEY = "#,##0", "0.0%", "+0.0%;-0.0%;0.0%", "¥#,##0.00"
Cells = tuple[object, ...]
Formats = tuple[str | None, ...]


def _format(result: GoalResult) -> str:
    if result.goal is Goal.NEW_MEMBERS:
        return COUNT
    if result.goal is Goal.AVERAGE_ORDER_VALUE:
        return MONEY
    return LIFT if result.kind is GoalKind.LIFT else PERCENT


def _baseline(result: GoalResult) -> tuple[Decimal | None, str | None]:
    if result.kind is not GoalKind.LIFT:
        return None, None
    return result.baseline, PERCENT if result.goal is Goal.REPURCHASE_RATE else COUNT


def goal_table(results: Sequence[GoalResult], locale: str | None
               ) -> tuple[list[str], list[Cells], list[Formats]]:
    """(headers, rows, each row's number formats by column)."""
    headers = [t(f"export.targets.{column}", locale) for column in ("name", "target", "baseline", "actual",
                                                                     "status")]
    rows: list[Cells] = []
    formats: list[Formats] = []
    for result in results:
        baseline, baseline_format = _baseline(result)
        rows.append((goal_name(result.goal, locale), result.target, baseline, result.actual,
                     status_word(result, locale)))
        formats.append((None, _format(result), baseline_format, _format(result), None))
    return headers, rows, formats
