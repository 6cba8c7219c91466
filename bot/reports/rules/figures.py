"""The figures of the daily report (活动日报) as values, and the sums the summary, pace and anomaly checks need.

Pure values and functions: no Slack, no database.

Conventions kept by every report module (`pace`, `anomalies`, `daily_summary`):
- A figure that was not reported is `None`, never 0: "nobody reported clicks" and "0 clicks" differ. Sums
  keep that: None + None is None, None + 5 is 5.
- Counts are `int`; money (sales, spend) is `Decimal`, exact.
- Ratios (conversion rate, % done, % of pace, ROI, changes) are `Decimal` fractions: 0.25 means 25%, which is
  what `bot.kernel.formatting.percent` takes. They are not rounded here; rounding is the formatter's job.
- Figure names equal `bot.campaigns.rules.campaign.Metric` values, so `figures.value(Metric.CLICKS)` works; `spend` and
  `new_members` are figures that are not (yet) KPI metrics.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from bot.plan.rules.budget_lines import BudgetLine

Number = int | Decimal

COUNT_FIGURES: tuple[str, ...] = ("exposure", "clicks", "participants", "conversions", "new_members")
MONEY_FIGURES: tuple[str, ...] = ("sales", "spend")
ALL_FIGURES: tuple[str, ...] = COUNT_FIGURES + MONEY_FIGURES
# Counts reported only for campaigns whose rate or lift targets need them (bot.plan.rules.targets); summed like the
# rest, but not among the standard figures every summary line, chart and review table walks through.
EXTRA_FIGURES: tuple[str, ...] = ("new_customers", "brand_searches", "repeat_buyers")
SUMMED_FIGURES: tuple[str, ...] = ALL_FIGURES + EXTRA_FIGURES


@dataclass(frozen=True, slots=True)
class Figures:
    """One report's figures (one source, one day), or a sum of several."""

    exposure: int | None = None
    clicks: int | None = None
    participants: int | None = None
    conversions: int | None = None
    new_members: int | None = None
    sales: Decimal | None = None
    spend: Decimal | None = None
    new_customers: int | None = None
    brand_searches: int | None = None
    repeat_buyers: int | None = None

    def __post_init__(self) -> None:
        # A report form validates what people type; this guards the sums against a caller's slip.
        for name in SUMMED_FIGURES:
            value = getattr(self, name)
            if value is None:
                continue
            if name not in MONEY_FIGURES and (isinstance(value, bool) or not isinstance(value, int)):
                raise TypeError(f"{name} must be an int, not {type(value).__name__}")
            if name in MONEY_FIGURES and not isinstance(value, Decimal):
                raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
            if value < 0:
                raise ValueError(f"{name} must not be negative: {value}")

    def value(self, name: str) -> Number | None:
        """The figure called `name` (a `Metric`, one of ALL_FIGURES or EXTRA_FIGURES)."""
        if name not in SUMMED_FIGURES:
            raise KeyError(name)
        value: Number | None = getattr(self, name)
        return value

    def __add__(self, other: Figures) -> Figures:
        if not isinstance(other, Figures):
            return NotImplemented
        return Figures(**{name: _add(getattr(self, name), getattr(other, name)) for name in SUMMED_FIGURES})

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in SUMMED_FIGURES)

    @property
    def conversion_rate(self) -> Decimal | None:
        return conversion_rate(self)


EMPTY = Figures()


def _add(first: Number | None, second: Number | None) -> Number | None:
    if first is None:
        return second
    if second is None:
        return first
    return first + second


def conversion_rate(figures: Figures) -> Decimal | None:
    """Conversions / participants, or / clicks when nobody is counted as participating. Computed, never typed.

    None when there are no conversions reported or nothing to divide by.
    """
    if figures.conversions is None:
        return None
    denominator = figures.participants or figures.clicks
    if not denominator:
        return None
    return Decimal(figures.conversions) / Decimal(denominator)


def ratio(part: Number | None, whole: Number | None) -> Decimal | None:
    """part / whole as a Decimal fraction; None when either is missing or whole is 0."""
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


def change(today: Number | None, yesterday: Number | None) -> tuple[Number | None, Decimal | None]:
    """(today − yesterday, that as a fraction of yesterday); parts are None when they cannot be known."""
    if today is None or yesterday is None:
        return None, None
    difference = today - yesterday
    return difference, ratio(difference, yesterday)


def total(figures: Iterable[Figures]) -> Figures:
    result = EMPTY
    for item in figures:
        result = result + item
    return result


class FeedbackKind(StrEnum):
    SUGGESTION = "suggestion"  # 建议
    COMPLAINT = "complaint"  # 投诉
    PRAISE = "praise"  # 表扬


@dataclass(frozen=True, slots=True)
class Feedback:
    """One piece of user feedback (用户反馈) from a report; `seq` orders items of the same day (submission order)."""

    day: date
    source: str
    kind: FeedbackKind
    text: str
    seq: int = 0


@dataclass(frozen=True, slots=True)
class DailyRow:
    """One source's report for one day. The caller passes the current version of each (day, source) report;
    if it passes two, both are counted. `budget_line` is where its spend counts (None: channel promotion)."""

    day: date
    source: str
    figures: Figures
    budget_line: BudgetLine | None = None


class ReportBook:
    """A campaign's report rows, summed once by day and by (day, source), for every question asked of them.

    Building it is one pass over the rows; the summary, the anomaly checks and the chart share one book.
    """

    def __init__(self, rows: Iterable[DailyRow]) -> None:
        days: dict[date, Figures] = {}
        day_sources: dict[date, dict[str, Figures]] = {}
        for row in rows:
            days[row.day] = days.get(row.day, EMPTY) + row.figures
            per_source = day_sources.setdefault(row.day, {})
            per_source[row.source] = per_source.get(row.source, EMPTY) + row.figures
        self._days = dict(sorted(days.items()))
        self._day_sources = day_sources
        self.sources: tuple[str, ...] = tuple(sorted({s for per in day_sources.values() for s in per}))

    @classmethod
    def of(cls, rows: Iterable[DailyRow] | ReportBook) -> ReportBook:
        return rows if isinstance(rows, ReportBook) else cls(rows)

    @property
    def days(self) -> tuple[date, ...]:
        """Days with at least one report, oldest first."""
        return tuple(self._days)

    def on(self, day: date) -> Figures:
        """All sources' figures of that day (EMPTY when nothing was reported)."""
        return self._days.get(day, EMPTY)

    def source_on(self, day: date, source: str) -> Figures:
        return self._day_sources.get(day, {}).get(source, EMPTY)

    def sources_on(self, day: date) -> Mapping[str, Figures]:
        return self._day_sources.get(day, {})

    def cumulative(self, through: date, since: date | None = None) -> Figures:
        """Sum of the days in [since, through]; `since` None means from the first report."""
        return total(f for d, f in self._days.items() if d <= through and (since is None or d >= since))

    def cumulative_by_source(self, through: date, since: date | None = None) -> dict[str, Figures]:
        result: dict[str, Figures] = {}
        for day, per_source in self._day_sources.items():
            if day > through or (since is not None and day < since):
                continue
            for source, figures in per_source.items():
                result[source] = result.get(source, EMPTY) + figures
        return dict(sorted(result.items()))

    def running_totals(self, name: str, start: date, through: date) -> list[Number | None]:
        """The cumulative value of one figure at the end of each day from `start` to `through`.

        A day without a report carries the total forward; days before the figure's first report are None,
        so a chart starts its line where the data starts instead of drawing a false 0.
        """
        result: list[Number | None] = []
        running: Number | None = None
        for offset in range((through - start).days + 1):
            running = _add(running, self.on(start + timedelta(days=offset)).value(name))
            result.append(running)
        return result


def by_day(rows: Iterable[DailyRow]) -> dict[date, Figures]:
    book = ReportBook(rows)
    return {day: book.on(day) for day in book.days}


def by_source(rows: Iterable[DailyRow]) -> dict[str, Figures]:
    totals: dict[str, Figures] = {}
    for row in rows:
        totals[row.source] = totals.get(row.source, EMPTY) + row.figures
    return dict(sorted(totals.items()))


def cumulative(rows: Iterable[DailyRow], through: date) -> Figures:
    return total(row.figures for row in rows if row.day <= through)
