"""The daily summary (活动日报) of a campaign as plain data; Block Kit rendering is the caller's.

Pure: a `CampaignPlan`, the report rows, the feedback and the day it is about, in; a `DailySummary` out. No
Slack, no database, no clock. Conventions (None for "not reported", Decimal fractions for ratios, exact
money) are those of `bot.report_figures`.

What it holds (README.md, "Using it": "Daily reports"): the day's figures per metric with the change from the day
before (absolute and as a fraction); cumulative figures against each KPI target (% done) and against the pace (% of
pace); the conversion rate (computed, never typed); ROI so far; budget used against the whole budget and against the
budget without the contingency reserve; feedback counts by type with the newest complaints; per-source figures.
`kpi_series` gives the chart its lines.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bot.campaigns.rules.campaign import Metric
from bot.pace.rules.pace import UNKNOWN_STANDING, CampaignPlan, PaceStanding, covered, judged_through, standing
from bot.reports.rules.figures import (
    ALL_FIGURES,
    MONEY_FIGURES,
    DailyRow,
    Feedback,
    FeedbackKind,
    Figures,
    Number,
    ReportBook,
    change,
    conversion_rate,
    ratio,
)

DEFAULT_COMPLAINTS = 3
_METRICS: dict[str, Metric] = {metric.value: metric for metric in Metric}


@dataclass(frozen=True)
class MetricLine:
    """One figure of the report. The target fields are None for a metric that is not a KPI."""

    metric: str
    today: Number | None
    yesterday: Number | None
    change: Number | None  # today − yesterday
    change_pct: Decimal | None  # that, as a fraction of yesterday
    cumulative: Number | None  # the campaign so far, through the summary's day
    target: Decimal | None = None
    done: Decimal | None = None  # cumulative / target
    expected: Decimal | None = None  # the pace over the judged days (`pace.covered`)
    judged: Number | None = None  # the actual over those same days (what `of_pace` compares with `expected`)
    of_pace: Decimal | None = None  # actual / expected over the judged days (1 = exactly on pace)
    standing: PaceStanding = UNKNOWN_STANDING  # the one judgement every surface shows

    @property
    def is_kpi(self) -> bool:
        return self.target is not None


@dataclass(frozen=True)
class RateLine:
    today: Decimal | None
    yesterday: Decimal | None
    change: Decimal | None  # in fraction points: 0.05 → 0.06 is +0.01 (one percentage point)
    cumulative: Decimal | None


@dataclass(frozen=True)
class BudgetUse:
    budget: Decimal  # contingency reserve included
    contingency: Decimal
    spendable: Decimal  # budget − contingency
    spent: Decimal | None  # None: no spend reported yet
    used: Decimal | None  # spent / budget
    used_of_spendable: Decimal | None  # spent / spendable (> 1: the reserve is in use)
    remaining: Decimal | None  # budget − spent (negative when over)


@dataclass(frozen=True)
class FeedbackDigest:
    today: Mapping[FeedbackKind, int]  # every kind present, 0 when none
    total: Mapping[FeedbackKind, int]  # the campaign so far
    newest_complaints: tuple[Feedback, ...]  # the day's own, newest first


@dataclass(frozen=True)
class SourceLine:
    source: str
    today: Figures
    cumulative: Figures
    reported_today: bool


@dataclass(frozen=True)
class DailySummary:
    day: date
    day_number: int  # 1 … total_days
    total_days: int
    pace_share: Decimal  # share of every target expected by the end of the day
    metrics: tuple[MetricLine, ...]  # every report figure, in ALL_FIGURES order
    conversion_rate: RateLine
    roi: Decimal | None  # (sales − spend) / spend so far; None when no spend or no sales were reported
    budget: BudgetUse
    feedback: FeedbackDigest
    sources: tuple[SourceLine, ...]
    judged_through: date | None = None  # the last day the pace was judged on; `day` once its sources are in
    expected_sources: tuple[str, ...] = ()  # who should report each day (the plan's sources)

    @property
    def missing_sources(self) -> tuple[str, ...]:
        """Expected sources without a report on the summary's day, in the campaign's order."""
        reported = {line.source for line in self.sources if line.reported_today}
        return tuple(source for source in self.expected_sources if source not in reported)

    @property
    def reported_count(self) -> int:
        reported = {line.source for line in self.sources if line.reported_today}
        return len(reported & set(self.expected_sources)) if self.expected_sources else len(reported)

    def metric(self, name: str) -> MetricLine:
        for line in self.metrics:
            if line.metric == name:
                return line
        raise KeyError(name)

    @property
    def has_figures(self) -> bool:
        """Anything reported for the day: a night without figures gets one short line and no chart."""
        return any(line.today is not None for line in self.metrics)

    @property
    def kpis(self) -> tuple[MetricLine, ...]:
        return tuple(line for line in self.metrics if line.is_kpi)


@dataclass(frozen=True)
class KpiSeries:
    """One KPI's chart lines: values at the end of each day from `start`. `pace` covers the whole window,
    `actual` stops at the summary's day (None before the KPI's first report)."""

    metric: str
    start: date
    target: Decimal
    actual: tuple[Number | None, ...]
    pace: tuple[Decimal, ...]
    standing: PaceStanding = UNKNOWN_STANDING  # the chart tints a panel from this, like every other surface


def compute_summary(
    plan: CampaignPlan,
    rows: Iterable[DailyRow] | ReportBook,
    day: date,
    *,
    feedback: Iterable[Feedback] = (),
    complaints: int = DEFAULT_COMPLAINTS,
    today: date | None = None,
) -> DailySummary:
    """The summary as of the end of `day`; rows and feedback after it are ignored.

    `today` is the day in progress (default: `day`, as at 21:00): until all of its sources are in, the pace is
    judged through the day before. Day-over-day changes only compare sources that reported on both days."""
    book = ReportBook.of(rows)
    yesterday = day - timedelta(days=1)
    today_figures, yesterday_figures = like_with_like(book, day)
    totals = book.cumulative(day)
    in_progress = day if today is None else today
    judged = judged_through(plan, book, day, in_progress)
    return DailySummary(
        day=day,
        day_number=plan.day_number(day),
        total_days=plan.total_days,
        pace_share=plan.share(day),
        metrics=tuple(_metric_line(plan, book, name, today_figures, yesterday_figures, totals, day, in_progress)
                      for name in ALL_FIGURES),
        conversion_rate=_rate_line(book.on(day), book.on(yesterday), totals),
        roi=roi(totals),
        budget=budget_use(plan, totals.spend),
        feedback=feedback_digest(feedback, day, complaints),
        sources=_source_lines(book, day),
        judged_through=judged,
        expected_sources=plan.sources,
    )


def like_with_like(book: ReportBook, day: date) -> tuple[Figures, Figures]:
    """(the day's figures, the day before's) for the day-over-day change, per figure only over the sources that
    reported that figure on both days: a source still missing today is not a fall, a new one not a rise."""
    now_sources, before_sources = book.sources_on(day), book.sources_on(day - timedelta(days=1))
    now: dict[str, Number | None] = {}
    before: dict[str, Number | None] = {}
    for name in ALL_FIGURES:
        pairs = [(figures.value(name), before_sources[source].value(name))
                 for source, figures in now_sources.items() if source in before_sources]
        pairs = [(a, b) for a, b in pairs if a is not None and b is not None]
        now[name] = sum((a for a, _ in pairs), _zero(name)) if pairs else None  # type: ignore[misc]
        before[name] = sum((b for _, b in pairs), _zero(name)) if pairs else None  # type: ignore[misc]
    return Figures(**now), Figures(**before)  # type: ignore[arg-type]


def _zero(name: str) -> Number:
    return Decimal(0) if name in MONEY_FIGURES else 0


def roi(figures: Figures) -> Decimal | None:
    """ROI (投资回报率) = (sales − spend) / spend. None without spend (nothing to divide by) and without sales:
    a campaign that has not reported revenue is not at −100%."""
    if not figures.spend or figures.sales is None:
        return None
    return (figures.sales - figures.spend) / figures.spend


def budget_use(plan: CampaignPlan, spent: Decimal | None) -> BudgetUse:
    return BudgetUse(
        budget=plan.budget,
        contingency=plan.contingency,
        spendable=plan.spendable,
        spent=spent,
        used=ratio(spent, plan.budget),
        used_of_spendable=ratio(spent, plan.spendable),
        remaining=None if spent is None else plan.budget - spent,
    )


def feedback_digest(feedback: Iterable[Feedback], day: date, complaints: int = DEFAULT_COMPLAINTS) -> FeedbackDigest:
    today = dict.fromkeys(FeedbackKind, 0)
    total = dict.fromkeys(FeedbackKind, 0)
    complaint_items: list[Feedback] = []
    for item in feedback:
        if item.day > day:
            continue
        total[item.kind] += 1
        if item.day == day:
            today[item.kind] += 1
        if item.kind == FeedbackKind.COMPLAINT and item.day == day:
            # Only the day's own: a complaint quoted last night is not quoted again tonight.
            complaint_items.append(item)
    complaint_items.sort(key=lambda item: (item.day, item.seq), reverse=True)
    return FeedbackDigest(today, total, tuple(complaint_items[:max(complaints, 0)]))


def kpi_series(plan: CampaignPlan, rows: Iterable[DailyRow] | ReportBook, day: date, *,
               today: date | None = None) -> list[KpiSeries]:
    """Cumulative actual and pace per KPI, for the chart; KPIs in Metric order. `today` as in `compute_summary`."""
    book = ReportBook.of(rows)
    start = plan.dates.start
    through = min(day, plan.dates.end)
    series: list[KpiSeries] = []
    for metric in Metric:
        target = plan.targets.get(metric)
        if target is None:
            continue
        actual = book.running_totals(metric, start, through) if through >= start else []
        series.append(KpiSeries(metric.value, start, target, tuple(actual), tuple(plan.pace_series(metric)),
                                standing(plan, book, metric.value, day, today=day if today is None else today)))
    return series


def _metric_line(
    plan: CampaignPlan, book: ReportBook, name: str, today: Figures, yesterday: Figures, totals: Figures, day: date,
    in_progress: date,
) -> MetricLine:
    value_today = book.on(day).value(name)
    value_yesterday = yesterday.value(name)
    difference, difference_pct = change(today.value(name), value_yesterday)
    cumulative = totals.value(name)
    metric = _METRICS.get(name)
    target = None if metric is None else plan.targets.get(metric)
    if metric is None or target is None:
        return MetricLine(name, value_today, value_yesterday, difference, difference_pct, cumulative)
    judged = standing(plan, book, name, day, today=in_progress)
    covered_actual, expected = covered(plan, book, name, judged_through(plan, book, day, in_progress))
    if covered_actual is None:
        expected = plan.expected_by(metric, day) or Decimal(0)  # nothing to compare yet: show the day's pace
    return MetricLine(
        name, value_today, value_yesterday, difference, difference_pct, cumulative,
        target=target, done=ratio(cumulative, target), expected=expected, judged=covered_actual,
        of_pace=judged.of_pace, standing=judged,
    )


def _rate_line(today: Figures, yesterday: Figures, totals: Figures) -> RateLine:
    rate_today = conversion_rate(today)
    rate_yesterday = conversion_rate(yesterday)
    difference = None if rate_today is None or rate_yesterday is None else rate_today - rate_yesterday
    return RateLine(rate_today, rate_yesterday, difference, conversion_rate(totals))


def _source_lines(book: ReportBook, day: date) -> tuple[SourceLine, ...]:
    today = book.sources_on(day)
    cumulative = book.cumulative_by_source(day)
    return tuple(
        SourceLine(source, today.get(source, Figures()), figures, source in today)
        for source, figures in cumulative.items()
    )
