"""The judgement of rate, lift and extra-total targets (bot.plan.rules.targets), for every surface. Pure.

Every surface (the 21:00 summary, App Home, the review, compare, the export) asks `judge_goals` and nothing else,
so a target is never met in one place and missed in another.

- Rates and lifts are judged on the campaign's CUMULATIVE figures through the day asked, never on one day's.
  Like with like: only days on which both figures of a ratio were reported count, on both sides, so a day with
  conversions but no new-customer count does not drag the new-customer share down.
- A lift compares the campaign's own measure with the baseline: brand searches as the daily average over the days
  they were reported; repurchase as repeat buyers ÷ conversions, the lift in percent of the baseline rate.
- Met: at least the target (every rate and lift is a minimum). Not met: below it. Not judged: nothing to compute
  yet (no figures, or nothing to divide by).
- New members, a total, is held to the pace like every other total (`bot.pace.rules.pace.standing`): met when on or
  ahead of the pace (or, once ended, the target reached), not met when behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from enum import StrEnum

from bot.pace.rules.pace import CampaignPlan, PaceStanding, PaceStatus, standing
from bot.plan.rules.targets import HUNDRED, KIND, Goal, GoalKind, GoalTarget
from bot.reports.rules.figures import Number, ReportBook

ONE = Decimal(1)


class TargetStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_JUDGED = "not_judged"


@dataclass(frozen=True)
class GoalResult:
    """One goal judged. `actual` is what the goal measures: a fraction for a %-rate (0.35), money for average
    order value, the lift as a fraction (0.12 = +12%) for a lift, the cumulative count for new members.
    `measured` is the lift's own measure (the daily average of brand searches, the repurchase rate as a fraction).
    `target` is a fraction for %-goals, money or a count otherwise; `baseline` likewise (a fraction for
    repurchase)."""

    goal: Goal
    status: TargetStatus
    target: Decimal
    actual: Number | None = None
    measured: Decimal | None = None
    baseline: Decimal | None = None
    pace: PaceStanding | None = None  # new members only

    @property
    def kind(self) -> GoalKind:
        return KIND[self.goal]


def judge_goals(goals: Mapping[Goal, GoalTarget] | Iterable[GoalTarget], plan: CampaignPlan, book: ReportBook,
                through: date, *, today: date | None = None, final: bool = False) -> tuple[GoalResult, ...]:
    """Each goal as of the end of `through`, in the modal's order. `today` and `final` as in `pace.standing`."""
    targets = list(goals.values()) if isinstance(goals, Mapping) else list(goals)
    by_goal = {target.goal: target for target in targets}
    return tuple(judge_goal(by_goal[goal], plan, book, through, today=today, final=final)
                 for goal in Goal if goal in by_goal)


def judge_goal(target: GoalTarget, plan: CampaignPlan, book: ReportBook, through: date, *,
               today: date | None = None, final: bool = False) -> GoalResult:
    goal = target.goal
    if goal is Goal.NEW_MEMBERS:
        return _new_members(target, plan, book, through, today=today, final=final)
    if goal is Goal.BRAND_SEARCHES:
        return _brand_lift(target, book, through)
    if goal is Goal.REPURCHASE_RATE:
        return _repurchase_lift(target, book, through)
    if goal is Goal.AVERAGE_ORDER_VALUE:
        value = cumulative_ratio(book, through, "sales", "conversions")
        return _at_least(goal, value, target.target)
    if goal is Goal.ROI:
        return _at_least(goal, cumulative_roi(book, through), target.target / HUNDRED)
    numerator, denominator = RATE_PARTS[goal]
    return _at_least(goal, cumulative_ratio(book, through, numerator, denominator), target.target / HUNDRED)


RATE_PARTS: dict[Goal, tuple[str, str]] = {
    Goal.NEW_CUSTOMER_SHARE: ("new_customers", "conversions"),
    Goal.CONVERSION_RATE: ("conversions", "clicks"),
    Goal.AVERAGE_ORDER_VALUE: ("sales", "conversions"),
    Goal.REPURCHASE_RATE: ("repeat_buyers", "conversions"),
}


def _paired(book: ReportBook, through: date, first: str, second: str) -> tuple[Number | None, Number | None]:
    """Sums of two figures over the days (through `through`) on which both were reported."""
    total_first: Number | None = None
    total_second: Number | None = None
    for day in book.days:
        if day > through:
            break
        figures = book.on(day)
        a, b = figures.value(first), figures.value(second)
        if a is None or b is None:
            continue
        total_first = a if total_first is None else total_first + a
        total_second = b if total_second is None else total_second + b
    return total_first, total_second


def cumulative_ratio(book: ReportBook, through: date, numerator: str, denominator: str) -> Decimal | None:
    """numerator ÷ denominator over the days both were reported; None when there is nothing to divide by."""
    part, whole = _paired(book, through, numerator, denominator)
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


def cumulative_roi(book: ReportBook, through: date) -> Decimal | None:
    """(sales − spend) ÷ spend over the days both were reported."""
    sales, spend = _paired(book, through, "sales", "spend")
    if sales is None or not spend:
        return None
    return (Decimal(sales) - Decimal(spend)) / Decimal(spend)


def daily_average(book: ReportBook, through: date, name: str) -> Decimal | None:
    """The figure's average over the days it was reported (a day nobody reported is missing, not zero)."""
    values = [value for day in book.days if day <= through and (value := book.on(day).value(name)) is not None]
    if not values:
        return None
    return Decimal(sum(values)) / Decimal(len(values))


def lift(measured: Decimal | None, baseline: Decimal | None) -> Decimal | None:
    """measured over the baseline, as a fraction of the baseline: 1,300 against 1,000 is 0.3 (+30%)."""
    if measured is None or not baseline:
        return None
    return measured / baseline - ONE


def _at_least(goal: Goal, actual: Decimal | None, target: Decimal, **extra: object) -> GoalResult:
    if actual is None:
        status = TargetStatus.NOT_JUDGED
    else:
        status = TargetStatus.MET if actual >= target else TargetStatus.NOT_MET
    return GoalResult(goal, status, target, actual, **extra)  # type: ignore[arg-type]


def _brand_lift(target: GoalTarget, book: ReportBook, through: date) -> GoalResult:
    average = daily_average(book, through, "brand_searches")
    return _at_least(Goal.BRAND_SEARCHES, lift(average, target.baseline), target.target / HUNDRED,
                     measured=average, baseline=target.baseline)


def _repurchase_lift(target: GoalTarget, book: ReportBook, through: date) -> GoalResult:
    rate = cumulative_ratio(book, through, "repeat_buyers", "conversions")
    baseline = None if target.baseline is None else target.baseline / HUNDRED
    return _at_least(Goal.REPURCHASE_RATE, lift(rate, baseline), target.target / HUNDRED, measured=rate,
                     baseline=baseline)


def _new_members(target: GoalTarget, plan: CampaignPlan, book: ReportBook, through: date, *,
                 today: date | None, final: bool) -> GoalResult:
    # The pace judgement keys targets by figure name; new members is a report figure, so the one judgement of
    # pace serves it too (a plan of its own here, leaving the campaign's KPI targets untouched).
    own = replace(plan, targets={"new_members": target.target})  # type: ignore[dict-item]
    judged = standing(own, book, "new_members", through, today=today, final=final)
    status = {PaceStatus.UNKNOWN: TargetStatus.NOT_JUDGED, PaceStatus.BEHIND: TargetStatus.NOT_MET}.get(
        judged.status, TargetStatus.MET)
    return GoalResult(Goal.NEW_MEMBERS, status, target.target, book.cumulative(through).new_members, pace=judged)
