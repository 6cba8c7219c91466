"""A plan per source (渠道): each source's planned share of the targets and its own budget. Pure.

DOMAIN.md: "each source carries a planned share of the targets and of the budget, and is held to its own share of
the pace ("Douyin 30%: 30% of every total, on the same curve")". A line of the reporting setup's sources box reads
`抖音 Douyin 30% ¥150,000` (or `Douyin 30%`, `Douyin ¥150,000`, `Douyin 15万`): the trailing share and amount are
the plan, the rest the source's name.

The rules:
- shares, when any are given, add up to exactly 100% (a source without a share is simply not held to a pace);
  a share is between 0% and 100%, with at most two decimals;
- budgets are amounts as `bot.kernel.numbers` reads them; together they may not pass the campaign budget (when the
  campaign has one): refused, like the budget-lines plan, so a plan never promises money the campaign has not got;
- a source is judged by `bot.pace.rules.pace.standing` on a plan of its own: its share of every target, its own
  reports only, its own day in (a source that has reported today is judged through today) — so it is "behind"
  exactly when its mark is red, and a source that has not reported is never behind (nothing to judge).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from bot.campaigns.rules.campaign import Metric
from bot.incidents.rules.emergency_plan import Severity
from bot.kernel.forms import FieldError
from bot.kernel.numbers import NotANumber, parse_amount, plain_amount
from bot.pace.rules.anomalies import AnomalySettings
from bot.pace.rules.anomaly_day import TrafficDay
from bot.pace.rules.pace import CampaignPlan, PaceStanding, standing
from bot.plan.rules.budget_lines import BudgetLine, line_of
from bot.reports.rules.figures import DailyRow, Figures, ReportBook

FIELD = "sources"
HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")
BUDGET_MAX = Decimal("1e13")
_SHARE = re.compile(r"^(?P<number>[-+]?(?:\d+(?:\.\d+)?|\.\d+))%$")
_CURRENCY = "¥$"
_UNITS = ("k", "w", "m", "千", "万", "萬", "百万", "百萬", "亿", "億", "元")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# Between sources: a new line, a Chinese comma or enumeration comma, or a comma not inside a number (150,000).
_BETWEEN = re.compile(r"[、;；]|[,，](?!\d)")


@dataclass(frozen=True)
class SourceShare:
    """One source and its plan; `share` a fraction (0.3 for 30%), both None for a source without a plan."""

    name: str
    share: Decimal | None = None
    budget: Decimal | None = None

    @property
    def planned(self) -> bool:
        return self.share is not None or self.budget is not None


def split_sources(text: str) -> list[str]:
    """The sources box as one entry per source: lines, and commas between names (`WeChat, Douyin`)."""
    return [part.strip() for line in text.splitlines() for part in _BETWEEN.split(line) if part.strip()]


def source_line(source: SourceShare) -> str:
    """A source as the box shows it again, in a form `parse_source` reads back: `Douyin 30% ¥150000`."""
    parts = [source.name]
    if source.share is not None:
        parts.append(f"{plain_amount(source.share * HUNDRED)}%")
    if source.budget is not None:
        parts.append(f"¥{plain_amount(source.budget)}")
    return " ".join(parts)


def parse_source(text: str) -> tuple[SourceShare | None, list[FieldError]]:
    """One entry of the box: the trailing share and budget, then the name."""
    words = unicodedata.normalize("NFKC", text).replace("￥", "¥").split()
    words = _glue_percent(words)
    share: Decimal | None = None
    budget: Decimal | None = None
    errors: list[FieldError] = []
    while words:
        word = words[-1]
        match = _SHARE.match(word)
        if match:
            if share is not None:
                errors.append(FieldError(FIELD, "source.error.two_shares", {"source": text}))
            share = _share(match["number"], text, errors)
        elif _looks_like_money(word):
            if budget is not None:
                errors.append(FieldError(FIELD, "source.error.two_budgets", {"source": text}))
            budget = _budget(word, text, errors)
        else:
            break
        words.pop()
    name = " ".join(words)
    if not name:
        errors.append(FieldError(FIELD, "source.error.no_name", {"source": text}))
    if errors:
        return None, errors
    return SourceShare(name, share, budget), []


def check_sources(texts: Sequence[str], *, campaign_budget: Decimal) -> tuple[list[SourceShare], list[FieldError]]:
    """Every entry of the box read and the plan checked as a whole; the first error per field is what people see."""
    sources: list[SourceShare] = []
    errors: list[FieldError] = []
    for text in texts:
        source, found = parse_source(text)
        errors += found
        if source is not None:
            sources.append(source)
    if errors:
        return [], errors
    shares = [source.share for source in sources if source.share is not None]
    if shares and sum(shares, ZERO) != 1:
        total = plain_amount(sum(shares, ZERO) * HUNDRED)
        return [], [FieldError(FIELD, "source.error.shares_total", {"total": f"{total}%"})]
    planned = sum((source.budget for source in sources if source.budget is not None), ZERO)
    if campaign_budget > 0 and planned > campaign_budget:
        return [], [FieldError(FIELD, "source.error.over_budget", {"planned": planned, "budget": campaign_budget})]
    return sources, []


def _glue_percent(words: list[str]) -> list[str]:
    """`30 %` is `30%`."""
    glued: list[str] = []
    for word in words:
        if word == "%" and glued:
            glued[-1] += "%"
        else:
            glued.append(word)
    return glued


def _looks_like_money(word: str) -> bool:
    """An amount with a currency sign, a unit (15万, 150k) or thousands separators; a bare `2` stays in a name
    (`Store 2`)."""
    lowered = word.lower()
    digits = lowered.lstrip("+-").lstrip(_CURRENCY).lstrip("+-")
    if not digits or not (digits[0].isdigit() or digits[0] == "."):
        return False
    return lowered.lstrip("+-")[0] in _CURRENCY or lowered.endswith(_UNITS) or bool(_GROUPED.match(digits))


def _share(number: str, text: str, errors: list[FieldError]) -> Decimal | None:
    value = Decimal(number)
    if value < 0 or value > HUNDRED:
        errors.append(FieldError(FIELD, "source.error.share_range", {"source": text}))
        return None
    if value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(FieldError(FIELD, "form.error.too_precise"))
        return None
    return value / HUNDRED


def _budget(word: str, text: str, errors: list[FieldError]) -> Decimal | None:
    try:
        value = parse_amount(word.replace("$", "").replace("¥", ""))
    except (NotANumber, InvalidOperation):
        errors.append(FieldError(FIELD, "form.error.not_a_number", {"text": word}))
        return None
    if value < 0:
        errors.append(FieldError(FIELD, "source.error.negative_budget", {"source": text}))
    elif value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(FieldError(FIELD, "form.error.too_precise"))
    elif value > BUDGET_MAX:
        errors.append(FieldError(FIELD, "form.error.too_large"))
    else:
        return value.quantize(CENT)
    return None


# ---------------------------------------------------------------------------------------------------------------
# Judging each source against its share of the pace
# ---------------------------------------------------------------------------------------------------------------


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


def has_plan(sources: Sequence[SourceShare]) -> bool:
    return any(source.planned for source in sources)


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


# ---------------------------------------------------------------------------------------------------------------
# Money over its plan, said the evening it happens
#
# A budget line or a source over its planned amount is said in the summary of the day its spend took it over, and
# again on any later evening whose spend made the overrun worse (more spend on a line already over). An evening
# without new spend on it says nothing new: the review has the whole story. Stateless: it follows from the reports,
# so a rerun of the same summary says the same thing and the outbox key says it once.
# ---------------------------------------------------------------------------------------------------------------


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
