"""The rule-based "what worked / what fell short" of a review. Each rule reads the computed review only.

| rule | worked when | fell short when |
|---|---|---|
| each KPI | so far: on or ahead of pace; ended: attained ≥ 100% | behind pace; ended: < 100%; never reported |
| rates, lifts, new members | met (so far, or at the end) | not met |
| ROI | > 0 | ≤ 0 |
| budget | spent within the budget less the reserve | reserve touched, or over the whole budget |
| budget lines | — | a planned line > 10% over its plan; spend on a line that was not planned |
| sources (渠道) | top source's share of sales (else conversions), 2+ sources | worst source with a negative ROI |
| tasks | on-time rate ≥ 90% | below 90% (with the overdue count) |
| incidents | all acknowledged within their targets and resolved | acknowledged late; unresolved |
| feedback | more praise than complaints | more complaints than praise |
"""

from __future__ import annotations

from decimal import Decimal

from bot.pace.rules.pace import PaceStatus
from bot.pace.rules.target_rates import TargetStatus
from bot.reports.rules.figures import FeedbackKind
from bot.review.rules.results import Finding, Review

ON_TIME_GOOD = Decimal("0.9")
LINE_TOLERANCE = Decimal("0.1")  # a line may run this far over its plan before it is called out
ONE = Decimal(1)


def findings(review: Review) -> tuple[tuple[Finding, ...], tuple[Finding, ...]]:
    worked: list[Finding] = []
    short: list[Finding] = []
    _kpis(review, worked, short)
    _goals(review, worked, short)
    _money(review, worked, short)
    _sources(review, worked, short)
    _tasks(review, worked, short)
    _incidents(review, worked, short)
    _feedback(review, worked, short)
    return tuple(worked), tuple(short)


def _kpis(review: Review, worked: list[Finding], short: list[Finding]) -> None:
    """From each KPI's standing, the judgement every surface shows: against the pace so far (`ratio` the share of
    the target reached, `pace` the share of the pace), against the whole target once the campaign has ended."""
    for kpi in review.kpis:
        status = kpi.standing.status
        if kpi.attained is None:
            short.append(Finding("kpi_unreported", metric=kpi.metric))
        elif kpi.standing.final:
            if status == PaceStatus.BEHIND:
                short.append(Finding("kpi_missed", metric=kpi.metric, ratio=kpi.attained))
            elif status != PaceStatus.UNKNOWN:
                worked.append(Finding("kpi_met", metric=kpi.metric, ratio=kpi.attained))
        elif status == PaceStatus.BEHIND:
            short.append(Finding("kpi_behind", metric=kpi.metric, ratio=kpi.attained, pace=kpi.standing.of_pace))
        elif status != PaceStatus.UNKNOWN:
            worked.append(Finding(f"kpi_{status.value}", metric=kpi.metric, ratio=kpi.attained,
                                  pace=kpi.standing.of_pace))


def _goals(review: Review, worked: list[Finding], short: list[Finding]) -> None:
    """Each rate, lift and new-members target by the judgement its line in the review shows (not judged: no word)."""
    for goal in review.goals:
        if goal.status is TargetStatus.MET:
            worked.append(Finding("goal_met", metric=goal.goal.value))
        elif goal.status is TargetStatus.NOT_MET:
            short.append(Finding("goal_missed", metric=goal.goal.value))


def _money(review: Review, worked: list[Finding], short: list[Finding]) -> None:
    if review.roi is not None:
        (worked if review.roi > 0 else short).append(Finding("roi", ratio=review.roi))
    budget = review.budget
    if budget.spent is not None:
        if budget.spent > budget.budget:
            short.append(Finding("over_budget", money=budget.spent - budget.budget, ratio=budget.used))
        elif budget.spent > budget.spendable:
            short.append(Finding("into_contingency", money=budget.spent - budget.spendable, ratio=budget.used))
        else:
            worked.append(Finding("within_budget", ratio=budget.used))
    for line in budget.lines:
        if line.planned and line.used is not None and line.used > ONE + LINE_TOLERANCE:
            short.append(Finding("line_over", line=line.line, ratio=line.used - ONE, money=line.variance))
        elif not line.planned and line.actual > 0 and budget.planned_total is not None:
            short.append(Finding("line_unplanned", line=line.line, money=line.actual))


def _sources(review: Review, worked: list[Finding], short: list[Finding]) -> None:
    if len(review.sources) >= 2:
        metric = "sales" if review.totals.sales else "conversions" if review.totals.conversions else None
        if metric is not None:
            top = max(review.sources, key=lambda source: source.shares.get(metric) or 0)
            worked.append(Finding("top_source", source=top.source, metric=metric, ratio=top.shares.get(metric)))
    losing = [source for source in review.sources if source.roi is not None and source.roi < 0]
    if losing and len(review.sources) >= 2:
        worst = min(losing, key=lambda source: source.roi or 0)
        short.append(Finding("weak_source", source=worst.source, ratio=worst.roi, money=worst.figures.spend))


def _tasks(review: Review, worked: list[Finding], short: list[Finding]) -> None:
    tasks = review.tasks
    if tasks.on_time_rate is None:
        return
    if tasks.on_time_rate >= ON_TIME_GOOD:
        worked.append(Finding("tasks_on_time", ratio=tasks.on_time_rate, count=tasks.due))
    else:
        short.append(Finding("tasks_late", ratio=tasks.on_time_rate, count=len(tasks.overdue), other=tasks.done_late))


def _incidents(review: Review, worked: list[Finding], short: list[Finding]) -> None:
    incidents = review.incidents
    if not incidents.count:
        return
    if incidents.acknowledged_late:
        short.append(Finding("incidents_late", count=incidents.acknowledged_late, other=incidents.count))
    if incidents.unresolved:
        short.append(Finding("incidents_open", count=incidents.unresolved))
    if not incidents.acknowledged_late and not incidents.unresolved:
        worked.append(Finding("incidents_handled", count=incidents.count))


def _feedback(review: Review, worked: list[Finding], short: list[Finding]) -> None:
    counts = review.feedback.counts
    praise, complaints = counts.get(FeedbackKind.PRAISE, 0), counts.get(FeedbackKind.COMPLAINT, 0)
    if praise > complaints:
        worked.append(Finding("feedback_positive", count=praise, other=complaints))
    elif complaints > praise:
        short.append(Finding("feedback_negative", count=complaints, other=praise))
