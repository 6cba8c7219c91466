"""Two reviews side by side (`/campaign compare A B`): KPIs, ROI, on-time rate and the rest, with who leads."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from bot.campaigns.rules.campaign import Metric
from bot.pace.rules.target_rates import GoalResult
from bot.plan.rules.targets import Goal
from bot.review.rules.results import KpiResult, Review

FIRST, SECOND = 1, 2


@dataclass(frozen=True)
class CompareRow:
    """One line of the comparison. `first`/`second` are fractions (KPI % attained, ROI, rates) or durations
    (MTTA, MTTR); `leader` is FIRST or SECOND when one is better, None when equal, unknown or not a contest."""

    key: str  # kpi | roi | on_time | conversion_rate | budget_used | mtta | mttr
    first: Decimal | timedelta | None
    second: Decimal | timedelta | None
    leader: int | None
    metric: str | None = None
    first_kpi: KpiResult | None = None
    second_kpi: KpiResult | None = None
    first_goal: GoalResult | None = None  # key "goal": a rate, lift or new members (metric = the Goal's value)
    second_goal: GoalResult | None = None


def compare_reviews(first: Review, second: Review) -> tuple[CompareRow, ...]:
    rows: list[CompareRow] = []
    for metric in Metric:
        a, b = first.kpi(metric), second.kpi(metric)
        if a is None and b is None:
            continue
        rows.append(CompareRow("kpi", a.attained if a else None, b.attained if b else None,
                               _leader(a.attained if a else None, b.attained if b else None), metric=metric.value,
                               first_kpi=a, second_kpi=b))
    rows += goal_rows(first, second)
    rows.append(CompareRow("roi", first.roi, second.roi, _leader(first.roi, second.roi)))
    rows.append(CompareRow("on_time", first.tasks.on_time_rate, second.tasks.on_time_rate,
                           _leader(first.tasks.on_time_rate, second.tasks.on_time_rate)))
    rows.append(CompareRow("conversion_rate", first.conversion_rate, second.conversion_rate,
                           _leader(first.conversion_rate, second.conversion_rate)))
    # Spending more of the budget is neither better nor worse by itself.
    rows.append(CompareRow("budget_used", first.budget.used, second.budget.used, None))
    rows.append(CompareRow("mtta", first.incidents.mtta, second.incidents.mtta,
                           _leader(first.incidents.mtta, second.incidents.mtta, lower_is_better=True)))
    rows.append(CompareRow("mttr", first.incidents.mttr, second.incidents.mttr,
                           _leader(first.incidents.mttr, second.incidents.mttr, lower_is_better=True)))
    return tuple(rows)


def goal_rows(first: Review, second: Review) -> list[CompareRow]:
    """One row per rate, lift or new-members target either campaign sets; the higher measure leads (each is a
    minimum or a total), whatever each campaign's own target."""
    a_goals = {result.goal: result for result in first.goals}
    b_goals = {result.goal: result for result in second.goals}
    rows = []
    for goal in Goal:
        a, b = a_goals.get(goal), b_goals.get(goal)
        if a is None and b is None:
            continue
        a_value = None if a is None or a.actual is None else Decimal(a.actual)
        b_value = None if b is None or b.actual is None else Decimal(b.actual)
        rows.append(CompareRow("goal", a_value, b_value, _leader(a_value, b_value), metric=goal.value,
                               first_goal=a, second_goal=b))
    return rows


def _leader(a: Decimal | timedelta | None, b: Decimal | timedelta | None, *, lower_is_better: bool = False
            ) -> int | None:
    if a is None or b is None or a == b:
        return None
    first_better = a < b if lower_is_better else a > b  # type: ignore[operator]
    return FIRST if first_better else SECOND
