"""Each source (渠道) judged against its own share of the pace, and money over a line's or a source's plan
(bot.plan.rules.source_plan holds the plan itself). Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from bot.campaigns.rules.campaign import Metric
from bot.pace.rules.anomalies import AnomalySettings
from bot.pace.rules.anomaly_day import TrafficDay
from bot.pace.rules.pace import CampaignPlan, PaceStanding, standing
from bot.plan.rules.budget_lines import BudgetLine, line_of
from bot.plan.rules.emergency_plan import Severity
from bot.plan.rules.source_plan import ZERO, SourceShare
from bot.reports.rules.figures import DailyRow, Figures, ReportBook


@dataclass(frozen=True)
class SourceKpi:
    metric: str
    actual: int | Decimal | None  # the source's cumulative figure
    standing: PaceStanding  # against its share of the pace (`of_pace` is its % of its own pace)


@dataclass(frozen=True)
class SourceStanding:
    """One planned source as of the end of a day: its totals, each KPI against its share of the pace, its money."""

    source: SourceShare
    cumulative: Figures
    kpis: tuple[SourceKpi, ...]  # in Metric order; () without a share
    spent: Decimal | None
    over_budget_by: Decimal | None  # spent − budget when positive

    @property
    def worst(self) -> SourceKpi | None:
        """The KPI furthest behind its share of the pace (judged ones only)."""
        judged = [kpi for kpi in self.kpis if kpi.standing.of_pace is not None]
        return min(judged, key=lambda kpi: kpi.standing.of_pace or ZERO) if judged else None


def source_plan_of(plan: CampaignPlan, source: SourceShare) -> CampaignPlan:
    """The campaign's plan cut to one source: its share of every target, its own budget, itself as the only
    source expected each day."""
    share = source.share if source.share is not None else ZERO
    return replace(plan, targets={metric: target * share for metric, target in plan.targets.items()} if share else {},
                   budget=source.budget or ZERO, contingency=ZERO, sources=(source.name,))


class _SourceBook(ReportBook):
    """One source's reports, cut from the campaign's book without summing them again; its running sums are asked
    once per KPI by `pace.standing`, so they are kept."""

    def __init__(self, book: ReportBook, source: str) -> None:
        super().__init__(())
        per_day = {day: figures for day in book.days if (figures := book.sources_on(day).get(source)) is not None}
        self._days = per_day
        self._day_sources = {day: {source: figures} for day, figures in per_day.items()}
        self.sources = (source,) if per_day else ()
        self._sums: dict[tuple[date, date | None], Figures] = {}

    def cumulative(self, through: date, since: date | None = None) -> Figures:
        key = (through, since)
        if key not in self._sums:
            self._sums[key] = super().cumulative(through, since)
        return self._sums[key]


def source_book(book: ReportBook, source: str) -> ReportBook:
    """The reports of one source only."""
    return _SourceBook(book, source)


def source_standings(plan: CampaignPlan, book: ReportBook, sources: Sequence[SourceShare], day: date, *,
                     today: date | None = None, final: bool = False) -> tuple[SourceStanding, ...]:
    """Each planned source as of the end of `day` (`today`: the day in progress, `final`: against its whole share
    of the targets, as in `pace.standing`)."""
    result = []
    for source in sources:
        if not source.planned:
            continue
        own_plan = source_plan_of(plan, source)
        own_book = source_book(book, source.name)
        totals = own_book.cumulative(day)
        kpis = []
        if source.share:
            for metric in Metric:
                if metric not in own_plan.targets:
                    continue
                judged = standing(own_plan, own_book, metric.value, day, today=today, final=final)
                kpis.append(SourceKpi(metric.value, totals.value(metric), judged))
        over = None
        if source.budget is not None and totals.spend is not None and totals.spend > source.budget:
            over = totals.spend - source.budget
        result.append(SourceStanding(source, totals, tuple(kpis), totals.spend, over))
    return tuple(result)


@dataclass(frozen=True)
class SourceBehind:
    """A source more than the campaign's deviation threshold behind its share of the pace on one KPI (its worst)."""

    source: str
    metric: str
    of_pace: Decimal  # its % of its own pace
    gap: Decimal  # 1 − of_pace


def kpi_standings(standings: Sequence[SourceStanding]) -> dict[tuple[str, str], PaceStanding]:
    """(metric, source) → each planned source's KPI against its share of the pace, for what is judged per source
    elsewhere (an adjustment made for one source)."""
    return {(kpi.metric, item.source.name): kpi.standing for item in standings for kpi in item.kpis}


def sources_behind(standings: Sequence[SourceStanding]) -> list[SourceBehind]:
    """The sources whose worst KPI is behind (red) — the same judgement as their marks in the summary."""
    found = []
    for item in standings:
        behind = [kpi for kpi in item.kpis if kpi.standing.behind and kpi.standing.of_pace is not None]
        if behind:
            worst = min(behind, key=lambda kpi: kpi.standing.of_pace or ZERO)
            of_pace = worst.standing.of_pace or ZERO
            found.append(SourceBehind(item.source.name, worst.metric, of_pace, 1 - of_pace))
    return found


@dataclass(frozen=True)
class Overrun:
    what: str  # a BudgetLine value, or a source name
    is_line: bool
    planned: Decimal
    spent: Decimal
    first: bool  # went over on this day (else: already over, and the day's spend made it worse)

    @property
    def over_by(self) -> Decimal:
        return self.spent - self.planned


def overrun(what: str, *, is_line: bool, planned: Decimal, before: Decimal, on_day: Decimal) -> Overrun | None:
    """`before`: spent through the day before; `on_day`: the day's spend on it."""
    spent = before + on_day
    if spent <= planned or on_day <= 0:
        return None
    return Overrun(what, is_line, planned, spent, first=before <= planned)


def evening_overruns(rows: Sequence[DailyRow], day: date, *, line_plan: Mapping[BudgetLine, Decimal],
                     sources: Sequence[SourceShare]) -> list[Overrun]:
    """Budget lines (`line_plan`: the planned amounts) and source budgets that went over, or further over, on `day`;
    lines first, in BudgetLine order, then sources in the campaign's order."""
    before: dict[str, Decimal] = {}
    today: dict[str, Decimal] = {}
    for row in rows:
        if row.figures.spend is None or row.day > day:
            continue
        spent = today if row.day == day else before
        for key in (f"line:{line_of(row.budget_line)}", f"source:{row.source}"):
            spent[key] = spent.get(key, ZERO) + row.figures.spend
    planned = [(f"line:{line.value}", line.value, True, line_plan[line]) for line in BudgetLine if line in line_plan]
    planned += [(f"source:{source.name}", source.name, False, source.budget) for source in sources
                if source.budget is not None]
    found = []
    for key, what, is_line, amount in planned:
        item = overrun(what, is_line=is_line, planned=amount, before=before.get(key, ZERO),
                       on_day=today.get(key, ZERO))
        if item is not None:
            found.append(item)
    return found


def with_sources_behind(traffic: TrafficDay | None, behind: Sequence[SourceBehind], day: date,
                        settings: AnomalySettings) -> TrafficDay | None:
    """The day's traffic incident, worsened (or opened, for a campaign on pace as a whole) by sources behind their
    share of the pace; severity by how far the furthest one is behind, with the campaign's tiers."""
    if not behind:
        return traffic
    severity = settings.severity(max(item.gap for item in behind))
    if traffic is None:
        return TrafficDay(day, (), severity, None, ())
    return replace(traffic, severity=Severity.higher(traffic.severity, severity))
