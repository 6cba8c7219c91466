"""Budget lines (预算明细): the planned amount per line item and the rules a plan must pass. Pure.

The handbooks split a campaign budget into materials 物料制作费, channel promotion 渠道推广费, staff 人员劳务费,
venue 场地费 and the contingency reserve 应急备用金 (10–15% of the budget). A daily report may say which line its
spend belongs to; spend without a line is channel promotion, which is where most daily spend goes.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from enum import StrEnum

from bot.kernel.forms import FieldError
from bot.kernel.numbers import NotANumber, parse_amount

LINE_MAX = Decimal("1e13")
CENT = Decimal("0.01")


class BudgetLine(StrEnum):
    MATERIALS = "materials"  # 物料制作费
    CHANNEL = "channel"  # 渠道推广费
    STAFF = "staff"  # 人员劳务费
    VENUE = "venue"  # 场地费
    CONTINGENCY = "contingency"  # 应急备用金


DEFAULT_LINE = BudgetLine.CHANNEL


def line_of(value: str | None) -> BudgetLine:
    """The line a stored report's spend counts on: its own, else channel promotion (also for unknown values)."""
    try:
        return BudgetLine(value or DEFAULT_LINE)
    except ValueError:
        return DEFAULT_LINE


def field_of(line: BudgetLine) -> str:
    """The modal field (block id) of a line; `response_action: errors` names it."""
    return f"budget_line_{line.value}"


def check_budget_plan(
    texts: Mapping[BudgetLine, str], *, budget: Decimal
) -> tuple[dict[BudgetLine, Decimal] | None, list[FieldError]]:
    """Planned amounts as people type them (20万, 3.5k, ¥12,000.50). An empty field means "not planned" and is
    left out; together the lines may not exceed the campaign budget (the reserve is part of the budget)."""
    errors: list[FieldError] = []
    plan: dict[BudgetLine, Decimal] = {}
    for line in BudgetLine:
        text = (texts.get(line) or "").strip()
        if not text:
            continue
        field = field_of(line)
        try:
            value = parse_amount(text)
        except NotANumber:
            errors.append(FieldError(field, "form.error.not_a_number", {"text": text}))
            continue
        if value < 0:
            errors.append(FieldError(field, "form.error.negative"))
        elif value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
            errors.append(FieldError(field, "form.error.too_precise"))
        elif value > LINE_MAX:
            errors.append(FieldError(field, "form.error.too_large"))
        else:
            plan[line] = value.quantize(CENT)
    if errors:
        return None, errors
    planned = sum(plan.values(), Decimal(0))
    if planned > budget:
        first = next(line for line in BudgetLine if line in plan)
        return None, [FieldError(field_of(first), "plan.budget.error.over_budget",
                                 {"planned": planned, "budget": budget})]
    return plan, []
