"""The review (复盘) as a value: what the channel message, the PDF, the workbook and compare all show.

Conventions are those of `bot.reports.rules.figures`: None is "not known / not reported" (never a false 0),
ratios are Decimal fractions (0.25 is 25%), money is exact Decimal, nothing is rounded here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from bot.pace.rules.pace import UNKNOWN_STANDING, PaceStanding
from bot.pace.rules.sources import SourceStanding
from bot.pace.rules.target_rates import GoalResult
from bot.plan.rules.budget_lines import BudgetLine
from bot.reports.rules.figures import FeedbackKind, Figures, Number
from bot.review.rules.complaints import ComplaintReview
from bot.review.rules.facts import IncidentFact, LessonFact, TaskFact
from bot.review.rules.milestones import MilestoneResult


@dataclass(frozen=True)
class KpiResult:
    metric: str
    target: Decimal
    actual: Number | None  # None: never reported
    attained: Decimal | None  # actual / target
    # The one judgement (`bot.pace.rules.pace.standing`): against the pace while the campaign runs, against the whole
    # target once it has ended. Marks, findings, App Home and compare read this, never `attained`, to colour.
    standing: PaceStanding = UNKNOWN_STANDING


@dataclass(frozen=True)
class SourceResult:
    """One source's (渠道) contribution: its totals and, per figure, its share of the campaign's total."""

    source: str
    figures: Figures
    shares: Mapping[str, Decimal | None]  # figure name → share of the campaign total
    roi: Decimal | None
    plan: SourceStanding | None = None  # against its planned share and budget, when the campaign has a plan


@dataclass(frozen=True)
class BudgetLineResult:
    line: BudgetLine
    planned: Decimal | None  # None: the line was not planned
    actual: Decimal  # spend reported on the line (0 when none)
    used: Decimal | None  # actual / planned
    variance: Decimal | None  # actual − planned (positive: over plan)


@dataclass(frozen=True)
class BudgetReview:
    budget: Decimal  # the whole budget, contingency reserve included
    contingency: Decimal  # the reserve's amount
    spent: Decimal | None  # None: no spend reported
    used: Decimal | None  # spent / budget
    remaining: Decimal | None  # budget − spent
    lines: tuple[BudgetLineResult, ...]  # every line, in BudgetLine order
    planned_total: Decimal | None  # sum of planned lines; None when no line is planned
    unallocated: Decimal | None  # budget − planned_total

    @property
    def spendable(self) -> Decimal:
        return self.budget - self.contingency

    def line(self, line: BudgetLine) -> BudgetLineResult:
        return next(result for result in self.lines if result.line == line)


@dataclass(frozen=True)
class Comment:
    """A representative comment: the newest wording of a remark and how many times it was made."""

    text: str
    count: int
    source: str
    day: date


@dataclass(frozen=True)
class FeedbackReview:
    counts: Mapping[FeedbackKind, int]  # every kind present, 0 when none
    comments: Mapping[FeedbackKind, tuple[Comment, ...]]  # most repeated first

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class TaskReview:
    """On-time rate = tasks done by their due time / tasks that are done or were due by `as_of`."""

    total: int  # tasks of the table, cancelled ones left out
    done: int
    done_on_time: int
    done_late: int
    due: int  # the rate's denominator
    on_time_rate: Decimal | None
    overdue: tuple[TaskFact, ...]  # open or blocked past their due time, most overdue first


@dataclass(frozen=True)
class IncidentReview:
    count: int
    resolved: int
    unresolved: int
    escalated: int  # incidents that climbed at least one rung
    acknowledged_late: int  # acknowledged after their kind's target (or not at all, past it)
    mtta: timedelta | None  # mean time from report to acknowledgement, over acknowledged incidents
    mttr: timedelta | None  # mean time from report to resolution, over resolved incidents
    longest: IncidentFact | None
    longest_duration: timedelta | None  # to resolution, or to `as_of` while still unresolved
    by_severity: Mapping[str, int]


@dataclass(frozen=True)
class Finding:
    """One rule-based "what worked / what fell short" line. `key` names the message (review.finding.<key>);
    the other fields are its values, raw, for the reader's locale to format."""

    key: str
    metric: str | None = None
    ratio: Decimal | None = None
    money: Decimal | None = None
    count: int | None = None
    other: int | None = None
    source: str | None = None
    line: BudgetLine | None = None
    pace: Decimal | None = None  # a KPI's share of its pace, for a review so far


@dataclass(frozen=True)
class Review:
    through: date
    as_of: datetime
    final: bool
    day_number: int
    total_days: int
    totals: Figures
    kpis: tuple[KpiResult, ...]  # in Metric order
    conversion_rate: Decimal | None
    roi: Decimal | None  # (sales − spend) / spend
    sources: tuple[SourceResult, ...]  # biggest contributors first
    budget: BudgetReview
    feedback: FeedbackReview
    tasks: TaskReview
    incidents: IncidentReview
    worked: tuple[Finding, ...]
    fell_short: tuple[Finding, ...]
    lessons: tuple[LessonFact, ...]
    goals: tuple[GoalResult, ...] = ()  # rates, lifts and new members (bot.pace.rules.target_rates), modal order
    complaints: ComplaintReview | None = None  # complaint items followed through (None: not gathered)
    milestones: tuple[MilestoneResult, ...] = ()  # key milestones (关键里程碑), in date order

    def kpi(self, metric: str) -> KpiResult | None:
        return next((kpi for kpi in self.kpis if kpi.metric == metric), None)

    def source(self, name: str) -> SourceResult:
        return next(result for result in self.sources if result.source == name)
