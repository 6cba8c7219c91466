"""The targets a team sets: totals, rates and lifts, and the KPI targets form (README.md, "Using it": "Rates,
lifts and the figures they need"). Pure.

Three shapes, which a campaign may mix:
- totals: the five KPI metrics (kept with the campaign, `bot.campaigns.rules.campaign.Metric`) and new members;
- rates, each a minimum: new-customer share, conversion rate, ROI (typed in %), average order value (money);
- lifts over a baseline, typed `+30%`: brand searches (the campaign's daily average against a baseline daily
  average) and repurchase rate (repeat buyers ÷ conversions against a baseline rate in %; the lift is in percent
  *of the baseline*: 20% → 23% is +15%, not +3 points).

Percent goals keep the number as typed (40 for `40%`), so the exact two-place column holds 40.5% exactly; the
judgement (`bot.pace.rules.target_rates`) divides by 100.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from bot.campaigns.rules.campaign import MONEY_METRICS, TARGET_MAX, Metric
from bot.kernel.forms import FieldError
from bot.kernel.numbers import NotANumber, parse_amount

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Goal(StrEnum):
    NEW_MEMBERS = "new_members"  # 新增会员, a total
    NEW_CUSTOMER_SHARE = "new_customer_share"  # 新客占比: new customers ÷ conversions
    CONVERSION_RATE = "conversion_rate"  # 转化率: conversions ÷ clicks
    AVERAGE_ORDER_VALUE = "average_order_value"  # 客单价: sales ÷ conversions
    ROI = "roi"  # (sales − spend) ÷ spend
    BRAND_SEARCHES = "brand_searches"  # 品牌搜索量: daily average against the baseline's
    REPURCHASE_RATE = "repurchase_rate"  # 复购率: repeat buyers ÷ conversions against a baseline rate


class GoalKind(StrEnum):
    TOTAL = "total"
    RATE = "rate"
    LIFT = "lift"


KIND: dict[Goal, GoalKind] = {
    Goal.NEW_MEMBERS: GoalKind.TOTAL,
    Goal.NEW_CUSTOMER_SHARE: GoalKind.RATE,
    Goal.CONVERSION_RATE: GoalKind.RATE,
    Goal.AVERAGE_ORDER_VALUE: GoalKind.RATE,
    Goal.ROI: GoalKind.RATE,
    Goal.BRAND_SEARCHES: GoalKind.LIFT,
    Goal.REPURCHASE_RATE: GoalKind.LIFT,
}
# Rates that are parts of a whole: more than 100% cannot be.
SHARES = frozenset({Goal.NEW_CUSTOMER_SHARE, Goal.CONVERSION_RATE})
PERCENT_GOALS = frozenset({Goal.NEW_CUSTOMER_SHARE, Goal.CONVERSION_RATE, Goal.ROI, Goal.BRAND_SEARCHES,
                           Goal.REPURCHASE_RATE})
# The daily-report figure each goal needs besides the standard ones; the report modal asks only for these.
NEEDED_FIGURE: dict[Goal, str] = {
    Goal.NEW_MEMBERS: "new_members",
    Goal.NEW_CUSTOMER_SHARE: "new_customers",
    Goal.BRAND_SEARCHES: "brand_searches",
    Goal.REPURCHASE_RATE: "repeat_buyers",
}
OPTIONAL_FIGURES: tuple[str, ...] = ("new_customers", "new_members", "brand_searches", "repeat_buyers")


@dataclass(frozen=True)
class GoalTarget:
    """One rate, lift or extra total. `target` as typed (40 for 40%, 300 for ¥300, 10000 members); `baseline`
    only for a lift: a daily average of brand searches, or a repurchase rate in % (20 for 20%)."""

    goal: Goal
    target: Decimal
    baseline: Decimal | None = None

    @property
    def kind(self) -> GoalKind:
        return KIND[self.goal]


@dataclass(frozen=True)
class TargetsForm:
    """What the KPI targets modal collected, as typed: totals by metric; goals and baselines by goal."""

    totals: Mapping[Metric, str]
    goals: Mapping[Goal, str]
    baselines: Mapping[Goal, str]


@dataclass(frozen=True)
class TargetsDraft:
    totals: dict[Metric, Decimal]
    goals: dict[Goal, GoalTarget]


def total_field(metric: Metric) -> str:
    return f"kpi_{metric.value}"


def goal_field(goal: Goal) -> str:
    return f"target_{goal.value}"


def baseline_field(goal: Goal) -> str:
    return f"baseline_{goal.value}"


def needed_figures(goals: Mapping[Goal, GoalTarget] | set[Goal] | frozenset[Goal]) -> tuple[str, ...]:
    """The optional report figures the campaign's goals need, in the report modal's order."""
    needed = {NEEDED_FIGURE[goal] for goal in goals if goal in NEEDED_FIGURE}
    return tuple(name for name in OPTIONAL_FIGURES if name in needed)


_AT_LEAST = re.compile(r"^(?:≥|>=|>|＞|≧)\s*")


def check_targets(form: TargetsForm) -> tuple[TargetsDraft | None, list[FieldError]]:
    """Every field checked; a draft only when nothing is wrong, so nothing is ever half-saved.

    A baseline without a lift target is refused, not dropped: the person typed it for a reason, and silently
    losing it would be worse than asking them to clear it or add the lift."""
    errors: list[FieldError] = []
    totals: dict[Metric, Decimal] = {}
    for metric in Metric:
        value = _total(form.totals.get(metric, ""), total_field(metric), errors, money=metric in MONEY_METRICS)
        if value is not None:
            totals[metric] = value
    goals: dict[Goal, GoalTarget] = {}
    for goal in Goal:
        field = goal_field(goal)
        text = form.goals.get(goal, "").strip()
        if goal is Goal.NEW_MEMBERS:
            value = _total(text, field, errors, money=False)
        elif goal is Goal.AVERAGE_ORDER_VALUE:
            value = _total(_AT_LEAST.sub("", text), field, errors, money=True)
        else:
            value = _percent(text, field, errors, lift=KIND[goal] is GoalKind.LIFT, share=goal in SHARES)
        baseline = _baseline(goal, form.baselines.get(goal, "").strip(), errors) if KIND[goal] is GoalKind.LIFT \
            else None
        if KIND[goal] is GoalKind.LIFT and text and value is not None and baseline is None \
                and not _has_error(errors, baseline_field(goal)):
            errors.append(FieldError(baseline_field(goal), "plan.targets.error.baseline_needed"))
        if KIND[goal] is GoalKind.LIFT and not text and baseline is not None:
            errors.append(FieldError(goal_field(goal), "plan.targets.error.lift_needed"))
        if value is not None:
            goals[goal] = GoalTarget(goal, value, baseline)
    if errors:
        return None, errors
    return TargetsDraft(totals=totals, goals=goals), []


def _has_error(errors: list[FieldError], field: str) -> bool:
    return any(error.field == field for error in errors)


def _number(text: str, field: str, errors: list[FieldError]) -> Decimal | None:
    try:
        value = parse_amount(text)
    except NotANumber:
        errors.append(FieldError(field, "form.error.not_a_number", {"text": text}))
        return None
    if value < 0:
        errors.append(FieldError(field, "form.error.negative"))
        return None
    if value > TARGET_MAX:
        errors.append(FieldError(field, "form.error.too_large"))
        return None
    return value


def _total(text: str, field: str, errors: list[FieldError], *, money: bool) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    if text.endswith(("%", "％")):
        errors.append(FieldError(field, "plan.targets.error.not_a_percent"))
        return None
    value = _number(text, field, errors)
    if value is None:
        return None
    if value == 0:
        errors.append(FieldError(field, "plan.targets.error.zero"))
        return None
    if money:
        if value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
            errors.append(FieldError(field, "form.error.too_precise"))
            return None
        return value.quantize(CENT)
    if value != value.to_integral_value():
        errors.append(FieldError(field, "form.error.whole_number"))
        return None
    return value.quantize(Decimal(1))


def _percent(text: str, field: str, errors: list[FieldError], *, lift: bool, share: bool) -> Decimal | None:
    """`40%`, `≥40%`, `+30%`: the number of percent. A bare `40` is refused: 40 customers is not 40%."""
    if not text:
        return None
    bare = _AT_LEAST.sub("", text).strip()
    if not bare.endswith(("%", "％")):
        errors.append(FieldError(field, "plan.targets.error.percent_needed", {"text": text}))
        return None
    number = bare[:-1].strip()
    if number.startswith("-") or number.startswith("−"):
        errors.append(FieldError(field, "form.error.negative"))
        return None
    value = _number(number.removeprefix("+"), field, errors) if number else None
    if value is None:
        if not number:
            errors.append(FieldError(field, "form.error.not_a_number", {"text": text}))
        return None
    if value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(FieldError(field, "form.error.too_precise"))
        return None
    if share and value > HUNDRED:
        errors.append(FieldError(field, "plan.targets.error.over_100"))
        return None
    if value == 0 and not lift:
        errors.append(FieldError(field, "plan.targets.error.zero"))
        return None
    return value.quantize(CENT)


def _baseline(goal: Goal, text: str, errors: list[FieldError]) -> Decimal | None:
    """Brand searches: a daily average (a count); repurchase: a rate in % of conversions, more than 0."""
    if not text:
        return None
    field = baseline_field(goal)
    if goal is Goal.REPURCHASE_RATE:
        return _percent(text, field, errors, lift=False, share=True)
    return _total(text, field, errors, money=True)  # an average may have decimals; `%` is refused there


@dataclass(frozen=True)
class TargetChange:
    """One target set, changed or cleared: `name` a Metric or Goal value; None where there was (is) none."""

    name: str
    before: Decimal | GoalTarget | None
    after: Decimal | GoalTarget | None


def target_changes(before: TargetsDraft, after: TargetsDraft) -> list[TargetChange]:
    """Every total and goal that differs, in the modal's order (totals first)."""
    changes = [TargetChange(metric.value, before.totals.get(metric), after.totals.get(metric))
               for metric in Metric if before.totals.get(metric) != after.totals.get(metric)]
    changes += [TargetChange(goal.value, before.goals.get(goal), after.goals.get(goal))
                for goal in Goal if before.goals.get(goal) != after.goals.get(goal)]
    return changes


def audit_values(draft: TargetsDraft) -> dict[str, object]:
    """The targets as the audit trail keeps them: amounts as plain decimals, percents with their sign."""
    values: dict[str, object] = {f"kpi_{metric.value}": draft.totals.get(metric) for metric in Metric}
    values["kpi_new_members"] = draft.goals[Goal.NEW_MEMBERS].target if Goal.NEW_MEMBERS in draft.goals else None
    for goal in Goal:
        if goal is Goal.NEW_MEMBERS:
            continue
        target = draft.goals.get(goal)
        values[f"target_{goal.value}"] = None if target is None else (
            f"{'+' if KIND[goal] is GoalKind.LIFT else '≥'}{_plain(target.target)}%" if goal in PERCENT_GOALS
            else _plain(target.target))
        if KIND[goal] is GoalKind.LIFT:
            values[f"baseline_{goal.value}"] = None if target is None or target.baseline is None else (
                f"{_plain(target.baseline)}%" if goal is Goal.REPURCHASE_RATE else _plain(target.baseline))
    return values


def _plain(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
