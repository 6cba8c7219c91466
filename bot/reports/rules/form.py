"""The daily report form (活动日报): what a reporter typed, checked. Pure; no Slack, no database.

Counts are whole numbers, money exact Decimals, both read the way people write them (12,000 · 1.2万 · 3.5k).
Conversion rate is never typed: it is computed from conversions and participants (or clicks).

Figures that contradict each other (more clicks than exposure, more conversions than participants) are a
*warning*, not an error: sources count differently, so the reporter may confirm them. The modal shows the
warning and a confirmation box; a submission with the box ticked goes through.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from bot.kernel.forms import FieldError
from bot.kernel.numbers import NotANumber, parse_amount
from bot.plan.rules.budget_lines import BudgetLine

# new_members, new_customers, brand_searches and repeat_buyers are asked only when a target needs them
# (bot.plan.rules.targets.needed_figures); a form read without them leaves them None.
COUNT_FIELDS = ("exposure", "clicks", "participants", "conversions", "new_members", "new_customers",
                "brand_searches", "repeat_buyers")
MONEY_FIELDS = ("sales", "spend")
FIGURE_FIELDS = COUNT_FIELDS + MONEY_FIELDS
FEEDBACK_MAX = 3000
COUNT_MAX = 10**15
MONEY_MAX = Decimal("1e13")
# (bigger, smaller, field the warning is shown on): the smaller one should not exceed the bigger one.
CONSISTENCY = (("exposure", "clicks", "clicks"), ("participants", "conversions", "conversions"))


class FeedbackType(StrEnum):
    SUGGESTION = "suggestion"  # 建议
    COMPLAINT = "complaint"  # 投诉
    PRAISE = "praise"  # 表扬


@dataclass(frozen=True)
class ReportForm:
    day: date | None
    source: str | None
    figures: dict[str, str]
    feedback: str = ""
    feedback_type: str | None = None
    confirmed: bool = False
    budget_line: str | None = None  # None: the spend counts as channel promotion


@dataclass(frozen=True)
class ReportDraft:
    day: date
    source: str
    counts: dict[str, int | None]
    sales: Decimal | None
    spend: Decimal | None
    feedback: str
    feedback_type: FeedbackType | None
    budget_line: BudgetLine | None = None

    def figures(self) -> dict[str, object]:
        return {**self.counts, "sales": self.sales, "spend": self.spend}


@dataclass
class ReportCheck:
    draft: ReportDraft | None = None
    errors: list[FieldError] = field(default_factory=list)
    warnings: list[FieldError] = field(default_factory=list)  # blocking until the reporter confirms


def conversion_rate(conversions: int | None, participants: int | None, clicks: int | None) -> Decimal | None:
    """conversions / participants, or / clicks when nobody is counted as a participant (README.md, "Using it")."""
    base = participants or clicks
    if conversions is None or not base:
        return None
    return Decimal(conversions) / Decimal(base)


def check_report(form: ReportForm, *, start: date, end: date, today: date, sources: list[str]) -> ReportCheck:
    check = ReportCheck()
    errors = check.errors
    if form.day is None:
        errors.append(FieldError("report_day", "form.error.required"))
    elif form.day > today:
        errors.append(FieldError("report_day", "reports.error.future"))
    elif not start <= form.day <= end:
        errors.append(FieldError("report_day", "reports.error.outside", {"start": start, "end": end}))
    if form.source not in sources:
        errors.append(FieldError("report_source", "form.error.required"))

    counts: dict[str, int | None] = {name: _count(form.figures.get(name, ""), name, errors) for name in COUNT_FIELDS}
    money = {name: _money(form.figures.get(name, ""), name, errors) for name in MONEY_FIELDS}

    feedback = form.feedback.strip()
    feedback_type: FeedbackType | None = None
    if len(feedback) > FEEDBACK_MAX:
        errors.append(FieldError("feedback", "form.error.too_long", {"limit": FEEDBACK_MAX}))
    if feedback:
        try:
            feedback_type = FeedbackType(form.feedback_type or "")
        except ValueError:
            errors.append(FieldError("feedback_type", "reports.error.feedback_type"))
    budget_line: BudgetLine | None = None
    if form.budget_line:
        try:
            budget_line = BudgetLine(form.budget_line)
        except ValueError:
            errors.append(FieldError("report_budget_line", "form.error.required"))
    if not errors and all(value is None for value in (*counts.values(), *money.values())) and not feedback:
        errors.append(FieldError("exposure", "reports.error.empty"))
    if errors:
        return check

    if not form.confirmed:
        for bigger, smaller, shown_on in CONSISTENCY:
            if counts[bigger] is not None and counts[smaller] is not None and counts[smaller] > counts[bigger]:  # type: ignore[operator]
                # The figures as the reporter typed them ("80,000", "8万"), not the parsed 80000.
                typed = {"smaller": form.figures[smaller].strip(), "bigger": form.figures[bigger].strip()}
                check.warnings.append(FieldError(shown_on, f"reports.warning.{smaller}_over_{bigger}", typed))
        if check.warnings:
            return check
    assert form.day is not None and form.source is not None
    check.draft = ReportDraft(day=form.day, source=form.source, counts=counts, sales=money["sales"],
                              spend=money["spend"], feedback=feedback, feedback_type=feedback_type,
                              # A line without spend says nothing; keep it only where there is spend to count.
                              budget_line=budget_line if money["spend"] is not None else None)
    return check


def _number(text: str, name: str, errors: list[FieldError]) -> Decimal | None:
    text = text.strip()
    if not text:
        return None
    try:
        value = parse_amount(text)
    except NotANumber:
        errors.append(FieldError(name, "form.error.not_a_number", {"text": text}))
        return None
    if value < 0:
        errors.append(FieldError(name, "form.error.negative"))
        return None
    return value


def _count(text: str, name: str, errors: list[FieldError]) -> int | None:
    value = _number(text, name, errors)
    if value is None:
        return None
    if value != value.to_integral_value():
        errors.append(FieldError(name, "form.error.whole_number"))
        return None
    if value > COUNT_MAX:
        errors.append(FieldError(name, "form.error.too_large"))
        return None
    return int(value)


def _money(text: str, name: str, errors: list[FieldError]) -> Decimal | None:
    value = _number(text, name, errors)
    if value is None:
        return None
    if value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(FieldError(name, "form.error.too_precise"))
        return None
    if value > MONEY_MAX:
        errors.append(FieldError(name, "form.error.too_large"))
        return None
    return value.quantize(Decimal("0.01"))
