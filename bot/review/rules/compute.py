"""Compute a review (复盘) from its facts. Pure: the same input always gives the same Review.

Each section is a function of its own, unit-tested with hand-computed figures (tests/review/test_review_rules.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal

from bot.campaigns.rules.campaign import Metric
from bot.pace.rules.pace import UNKNOWN_STANDING, CampaignPlan, standing
from bot.pace.rules.target_rates import judge_goals
from bot.plan.rules.budget_lines import BudgetLine, line_of
from bot.reports.rules.figures import (
    ALL_FIGURES,
    DailyRow,
    Feedback,
    FeedbackKind,
    Figures,
    ReportBook,
    conversion_rate,
    ratio,
)
from bot.review.rules.comments import representative_comments
from bot.review.rules.complaints import complaint_review
from bot.review.rules.facts import IncidentFact, ReviewInput, TaskFact
from bot.review.rules.findings import findings
from bot.review.rules.milestones import milestone_review
from bot.review.rules.results import (
    BudgetLineResult,
    BudgetReview,
    FeedbackReview,
    IncidentReview,
    KpiResult,
    Review,
    SourceResult,
    TaskReview,
)
from bot.review.rules.source_plans import with_source_plan
from bot.summary.rules import roi
from bot.tasks.rules.tasks import ACTIVE, TaskStatus

ZERO = Decimal(0)


def build_review(data: ReviewInput) -> Review:
    rows = [row for row in data.rows if row.day <= data.through]
    book = ReportBook(rows)
    totals = book.cumulative(data.through)
    review = Review(
        through=data.through, as_of=data.as_of, final=data.final,
        day_number=data.plan.day_number(data.through), total_days=data.plan.total_days,
        totals=totals,
        kpis=kpi_results(data.plan, totals, book=book, through=data.through, final=data.final),
        conversion_rate=conversion_rate(totals),
        roi=roi(totals),
        sources=with_source_plan(source_results(book, data.through, totals), data.plan, book, data.source_plan,
                                 data.through, final=data.final),
        budget=budget_review(data.plan, rows, data.budget_plan),
        feedback=feedback_review(item for item in data.feedback if item.day <= data.through),
        tasks=task_review(data.tasks, data.as_of),
        incidents=incident_review(data.incidents, data.as_of),
        worked=(), fell_short=(), lessons=tuple(data.lessons),
        # Judged like the KPIs above: so far through `through` (a day in progress once its sources are in), or final.
        goals=judge_goals(data.goals, data.plan, book, data.through, today=None if data.final else data.through,
                          final=data.final),
        complaints=complaint_review(data.complaints, data.as_of),
        milestones=milestone_review(data.milestones, data.today or data.through),
    )
    worked, fell_short = findings(review)
    return replace(review, worked=worked, fell_short=fell_short)


def kpi_results(plan: CampaignPlan, totals: Figures, *, book: ReportBook | None = None, through: date | None = None,
                final: bool = True) -> tuple[KpiResult, ...]:
    """Each KPI with its standing: a review so far judges the pace through `through` (a day in progress counts
    once its sources are in), a final one the whole target."""
    results = []
    for metric in Metric:
        target = plan.targets.get(metric)
        if target is None:
            continue
        actual = totals.value(metric)
        judged = (UNKNOWN_STANDING if book is None or through is None
                  else standing(plan, book, metric.value, through, today=None if final else through, final=final))
        results.append(KpiResult(metric.value, target, actual, ratio(actual, target), judged))
    return tuple(results)


def source_results(book: ReportBook, through: date, totals: Figures) -> tuple[SourceResult, ...]:
    per_source = book.cumulative_by_source(through)
    results = [
        SourceResult(source, figures, {name: ratio(figures.value(name), totals.value(name)) for name in ALL_FIGURES},
                     roi(figures))
        for source, figures in per_source.items()
    ]
    results.sort(key=lambda result: (-(result.figures.sales or ZERO), -(result.figures.conversions or 0),
                                     -(result.figures.exposure or 0), result.source))
    return tuple(results)


def budget_review(plan: CampaignPlan, rows: Sequence[DailyRow], budget_plan: Mapping[BudgetLine, Decimal]
                  ) -> BudgetReview:
    actual = dict.fromkeys(BudgetLine, ZERO)
    spent: Decimal | None = None
    for row in rows:
        if row.figures.spend is None:
            continue
        actual[line_of(row.budget_line)] += row.figures.spend
        spent = (spent or ZERO) + row.figures.spend
    lines = []
    for line in BudgetLine:
        planned = budget_plan.get(line)
        lines.append(BudgetLineResult(line, planned, actual[line], ratio(actual[line], planned),
                                      None if planned is None else actual[line] - planned))
    planned_total = sum(budget_plan.values(), ZERO) if budget_plan else None
    return BudgetReview(
        budget=plan.budget, contingency=plan.contingency, spent=spent, used=ratio(spent, plan.budget),
        remaining=None if spent is None else plan.budget - spent, lines=tuple(lines), planned_total=planned_total,
        unallocated=None if planned_total is None else plan.budget - planned_total,
    )


def feedback_review(feedback: Iterable[Feedback]) -> FeedbackReview:
    items = list(feedback)
    counts = dict.fromkeys(FeedbackKind, 0)
    for item in items:
        counts[item.kind] += 1
    return FeedbackReview(counts, {kind: representative_comments(items, kind) for kind in FeedbackKind})


def task_review(tasks: Iterable[TaskFact], as_of: datetime) -> TaskReview:
    """A done task without a recorded completion time counts as on time: nothing says it was late."""
    total = done = on_time = late = due = 0
    overdue: list[TaskFact] = []
    for task in tasks:
        if task.status == TaskStatus.CANCELLED:
            continue
        total += 1
        if task.status == TaskStatus.DONE:
            done += 1
            due += 1
            if task.done_at is not None and task.done_at > task.due_at:
                late += 1
            else:
                on_time += 1
        elif task.due_at <= as_of:
            due += 1
            if task.status in ACTIVE:
                overdue.append(task)
    overdue.sort(key=lambda task: (task.due_at, task.title))
    return TaskReview(total=total, done=done, done_on_time=on_time, done_late=late, due=due,
                      on_time_rate=ratio(on_time, due), overdue=tuple(overdue))


def incident_review(incidents: Iterable[IncidentFact], as_of: datetime) -> IncidentReview:
    items = list(incidents)
    to_acknowledge = [i.acknowledged_at - i.opened_at for i in items if i.acknowledged_at is not None]
    to_resolve = [i.resolved_at - i.opened_at for i in items if i.resolved_at is not None]
    longest: IncidentFact | None = None
    longest_duration: timedelta | None = None
    for item in items:
        duration = (item.resolved_at or max(as_of, item.opened_at)) - item.opened_at
        if longest_duration is None or duration > longest_duration:
            longest, longest_duration = item, duration
    by_severity: dict[str, int] = {}
    for item in items:
        by_severity[item.severity] = by_severity.get(item.severity, 0) + 1
    resolved = len(to_resolve)
    return IncidentReview(
        count=len(items), resolved=resolved, unresolved=len(items) - resolved,
        escalated=sum(1 for item in items if item.escalations),
        acknowledged_late=sum(1 for item in items if _acknowledged_late(item, as_of)),
        mtta=_mean(to_acknowledge), mttr=_mean(to_resolve), longest=longest, longest_duration=longest_duration,
        by_severity=by_severity,
    )


def _acknowledged_late(incident: IncidentFact, as_of: datetime) -> bool:
    if incident.acknowledge_within is None:
        return False
    deadline = incident.opened_at + incident.acknowledge_within
    return (incident.acknowledged_at or as_of) > deadline


def _mean(durations: Sequence[timedelta]) -> timedelta | None:
    return sum(durations, timedelta()) / len(durations) if durations else None
