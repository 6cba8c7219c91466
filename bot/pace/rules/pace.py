"""The expected pace of a campaign's KPIs: how much of each target should be reached by the end of a given day.

Pure values and functions: no Slack, no database, no clock (every function takes the day it is about).

The model
---------
The execution window is [start, end], both days included: N = (end − start) + 1 days. "As of the end of day d"
means d's figures are in, so after the first day 1/N of the window has elapsed, after the last day all of it.

*Linear* (the default): expected(d) = target × elapsed(d) / N, where elapsed(d) = number of window days ≤ d,
clamped to [0, N]. Before the start it is 0; from the end on it is the whole target.

*Weighted by phase* (optional): the owner says which share of the target each execution phase should bring
(warm-up 预热期, burst 爆发期, long tail 延续期 a.k.a. 长尾期), e.g. 15 / 60 / 25. The phases come from the campaign's
warm-up / burst / long-tail start dates: each phase runs from its start to the day before the next named
phase starts, the last one to the end of the window; days before the first named phase belong to that first
phase (the campaign has started, so its first phase has). Within a phase the target's share grows linearly:

    expected(d) = target × Σ_phase  weight(phase) / Σ weights of the phases the campaign has
                                    × elapsed days of the phase by d / days of the phase

Weights need not add up to 1 (15/60/25 and 0.15/0.6/0.25 mean the same); a phase the campaign does not name
gives its weight to the others in proportion (the divisor only counts named phases). Without any phase dates,
or when every named phase has weight 0, the pace is linear.

Everything is `Decimal`: shares are exact fractions, expected values are not rounded (a pace of 333.33… clicks
is compared with actual clicks as it is; formatting rounds for people).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from bot.campaigns.rules.campaign import CampaignDraft, Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.reports.rules.figures import ALL_FIGURES, Number, ReportBook


class Phase(StrEnum):
    """The execution phases. Same values as `bot.imports.rules.phases.Phase` (which adds preparation); kept
    separate so the report domain does not import the spreadsheet readers."""

    WARMUP = "warmup"  # 预热期
    BURST = "burst"  # 爆发期
    LONGTAIL = "longtail"  # 延续期 (also 长尾期)


EXECUTION_PHASES: tuple[Phase, ...] = tuple(Phase)
ZERO = Decimal(0)
ONE = Decimal(1)
DEFAULT_TOLERANCE = Decimal("0.20")  # the default deviation threshold (README.md, "Using it": "One judgement of pace")


@dataclass(frozen=True)
class PhaseWeights:
    """Share of the target each execution phase should bring; relative (normalised over the named phases)."""

    warmup: Decimal = ZERO
    burst: Decimal = ZERO
    longtail: Decimal = ZERO

    def __post_init__(self) -> None:
        for phase in EXECUTION_PHASES:
            value = self.get(phase)
            if not isinstance(value, Decimal):
                raise TypeError(f"weight of {phase} must be a Decimal")
            if value < 0:
                raise ValueError(f"weight of {phase} must not be negative")
        if self.total == 0:
            raise ValueError("at least one phase needs a weight above 0")

    @classmethod
    def from_mapping(cls, shares: Mapping[Phase, Decimal]) -> PhaseWeights:
        unknown = set(shares) - set(EXECUTION_PHASES)
        if unknown:
            raise ValueError(f"not execution phases: {sorted(unknown)}")
        return cls(**{Phase(phase).value: value for phase, value in shares.items()})

    def get(self, phase: Phase) -> Decimal:
        if phase not in EXECUTION_PHASES:
            raise KeyError(phase)
        value: Decimal = getattr(self, phase.value)
        return value

    def as_mapping(self) -> dict[Phase, Decimal]:
        return {phase: self.get(phase) for phase in EXECUTION_PHASES}

    @property
    def total(self) -> Decimal:
        return sum((self.get(phase) for phase in EXECUTION_PHASES), ZERO)

    def dump(self) -> str:
        return json.dumps({phase.value: str(self.get(phase)) for phase in EXECUTION_PHASES})

    @classmethod
    def load(cls, text: str | None) -> PhaseWeights | None:
        """None (linear pace) for an empty column."""
        if not text:
            return None
        data = json.loads(text)
        return cls(**{phase.value: Decimal(str(data.get(phase.value, "0"))) for phase in EXECUTION_PHASES})


@dataclass(frozen=True)
class PhaseSpan:
    phase: Phase
    first: date
    last: date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def window_days(dates: CampaignDates) -> int:
    return (dates.end - dates.start).days + 1


def elapsed_days(dates: CampaignDates, day: date) -> int:
    """Days of the window that are over by the end of `day`: 0 before the start, N from the end on."""
    return _elapsed(dates.start, dates.end, day)


def _elapsed(first: date, last: date, day: date) -> int:
    if day < first:
        return 0
    return (min(day, last) - first).days + 1


def phase_spans(dates: CampaignDates) -> list[PhaseSpan]:
    """The named execution phases as day ranges covering the whole window; [] when no phase is named."""
    starts = {
        Phase.WARMUP: dates.warmup_start,
        Phase.BURST: dates.burst_start,
        Phase.LONGTAIL: dates.longtail_start,
    }
    # Campaign validation keeps phase starts inside the window and in order; a start outside it is ignored
    # rather than producing a span that ends before it begins.
    named = sorted(
        ((day, EXECUTION_PHASES.index(phase), phase) for phase, day in starts.items()
         if day is not None and dates.start <= day <= dates.end),
    )
    spans: list[PhaseSpan] = []
    for position, (day, _, phase) in enumerate(named):
        first = dates.start if position == 0 else day
        last = named[position + 1][0] - timedelta(days=1) if position + 1 < len(named) else dates.end
        if last >= first:
            spans.append(PhaseSpan(phase, first, last))
    return spans


@lru_cache(maxsize=8192)
def pace_share(dates: CampaignDates, day: date, weights: PhaseWeights | None = None) -> Decimal:
    """The fraction of each target expected by the end of `day` (0 … 1). Cached: a pure function of frozen values,
    asked once per KPI, source and day by every judgement of a summary."""
    total_days = window_days(dates)
    if total_days <= 0:
        return ONE  # an inverted window cannot be paced; treat it as over rather than divide by zero
    linear = Decimal(elapsed_days(dates, day)) / Decimal(total_days)
    if weights is None:
        return linear
    spans = phase_spans(dates)
    weight_sum = sum((weights.get(span.phase) for span in spans), ZERO)
    if weight_sum == 0:
        return linear
    share = ZERO
    for span in spans:
        weight = weights.get(span.phase)
        if weight:
            share += weight / weight_sum * Decimal(_elapsed(span.first, span.last, day)) / Decimal(span.days)
    return min(share, ONE)


def expected_by(target: Decimal, dates: CampaignDates, day: date, weights: PhaseWeights | None = None) -> Decimal:
    """Cumulative value expected by the end of `day`."""
    return target * pace_share(dates, day, weights)


def expected_on(target: Decimal, dates: CampaignDates, day: date, weights: PhaseWeights | None = None) -> Decimal:
    """What `day` alone is expected to bring: the pace's growth over that day."""
    return expected_by(target, dates, day, weights) - expected_by(target, dates, day - timedelta(days=1), weights)


@dataclass(frozen=True)
class CampaignPlan:
    """What the report is compared with: the window, the KPI targets, the budget and the pace model.

    `budget` is the whole budget, contingency reserve (应急备用金) included; `contingency` is that reserve's
    amount, so `spendable` = budget − contingency is what may be spent without touching the reserve.
    Only metrics in `targets` are KPIs: the only ones compared with a pace or a target.
    """

    dates: CampaignDates
    targets: Mapping[Metric, Decimal] = field(default_factory=dict)
    budget: Decimal = ZERO
    contingency: Decimal = ZERO
    weights: PhaseWeights | None = None
    tolerance: Decimal = DEFAULT_TOLERANCE  # the pace judgement's band: the campaign's deviation threshold
    sources: tuple[str, ...] = ()  # who is expected to report each day; () counts any report as the day's

    def __post_init__(self) -> None:
        unknown = [metric for metric in self.targets if metric not in ALL_FIGURES]
        if unknown:
            raise ValueError(f"targets for metrics the report does not have: {unknown}")
        if self.contingency > self.budget:
            raise ValueError("the contingency reserve is part of the budget and cannot exceed it")

    @classmethod
    def from_draft(cls, draft: CampaignDraft, weights: PhaseWeights | None = None) -> CampaignPlan:
        dates = CampaignDates(draft.start, draft.end, draft.warmup_start, draft.burst_start, draft.longtail_start)
        return cls(dates=dates, targets=dict(draft.kpi_targets), budget=draft.budget,
                   contingency=draft.contingency_amount, weights=weights)

    @property
    def spendable(self) -> Decimal:
        return self.budget - self.contingency

    @property
    def total_days(self) -> int:
        return window_days(self.dates)

    def day_number(self, day: date) -> int:
        """1 on the first day of the window, N on the last (clamped)."""
        return elapsed_days(self.dates, day)

    def share(self, day: date) -> Decimal:
        return pace_share(self.dates, day, self.weights)

    def expected_by(self, metric: Metric, day: date) -> Decimal | None:
        target = self.targets.get(metric)
        return None if target is None else expected_by(target, self.dates, day, self.weights)

    def expected_on(self, metric: Metric, day: date) -> Decimal | None:
        target = self.targets.get(metric)
        return None if target is None else expected_on(target, self.dates, day, self.weights)

    def pace_series(self, metric: Metric, through: date | None = None) -> list[Decimal]:
        """Expected cumulative value at the end of each window day, start … `through` (default: end)."""
        target = self.targets[metric]
        last = self.dates.end if through is None else min(through, self.dates.end)
        days = (last - self.dates.start).days + 1
        return [expected_by(target, self.dates, self.dates.start + timedelta(days=i), self.weights)
                for i in range(max(days, 0))]


# ---------------------------------------------------------------------------------------------------------------
# The one judgement of pace
#
# Every surface that colours a KPI (the daily summary, the review so far, App Home, the chart, compare) and the
# pace alarm ask `standing` and nothing else, so a KPI is never green in one place and red in another.
#
# - Like with like: only days whose reports are in count, on both sides. A day with no report at all is missing,
#   not zero (a backfilled day 1 is compared with day 1's pace, not with nine days of it), and the day in
#   progress counts only once every source has reported it (`judged_through`).
# - The tolerance band is the campaign's deviation threshold (`AnomalySettings.threshold`, default 20%): more than
#   that below the pace is BEHIND, which is exactly when the pace alarm opens an incident; more than that above
#   is AHEAD; between is ON_PACE.
# - A campaign that has ended (`final`) is judged against its whole target: short of 100% is BEHIND (missed),
#   at least 100% ON_PACE (met), the band above it AHEAD.
# ---------------------------------------------------------------------------------------------------------------


class PaceStatus(StrEnum):
    AHEAD = "ahead"
    ON_PACE = "on_pace"
    BEHIND = "behind"
    UNKNOWN = "unknown"  # nothing reported yet, or nothing expected yet: no colour, no alarm


@dataclass(frozen=True)
class PaceStanding:
    """One KPI judged: `of_pace` is actual / expected over the judged days, `of_target` the whole cumulative
    figure over the whole target (a fact, whatever was judged); `final` when judged against the whole target."""

    status: PaceStatus
    of_pace: Decimal | None
    of_target: Decimal | None
    final: bool = False

    @property
    def behind(self) -> bool:
        return self.status == PaceStatus.BEHIND


UNKNOWN_STANDING = PaceStanding(PaceStatus.UNKNOWN, None, None)


def judge(of_pace: Decimal | None, *, band: Decimal = DEFAULT_TOLERANCE) -> PaceStatus:
    """The status of a ratio to the pace (or, once ended, to the target)."""
    if of_pace is None:
        return PaceStatus.UNKNOWN
    if of_pace < ONE - band:
        return PaceStatus.BEHIND
    if of_pace > ONE + band:
        return PaceStatus.AHEAD
    return PaceStatus.ON_PACE


def judge_final(of_target: Decimal | None, *, band: Decimal = DEFAULT_TOLERANCE) -> PaceStatus:
    if of_target is None:
        return PaceStatus.UNKNOWN
    if of_target < ONE:
        return PaceStatus.BEHIND
    return PaceStatus.AHEAD if of_target > ONE + band else PaceStatus.ON_PACE


def day_is_in(plan: CampaignPlan, book: ReportBook, day: date) -> bool:
    """Every source the campaign expects has reported `day` (any report, when it names no sources)."""
    reported = book.sources_on(day)
    if not plan.sources:
        return bool(reported)
    return all(source in reported for source in plan.sources)


def judged_through(plan: CampaignPlan, book: ReportBook, day: date, today: date | None = None) -> date:
    """The last day that may be judged as of `day`: `day` itself when it is over (before `today`) or all its
    sources are in, else the day before. `today` None: `day` is over."""
    if today is None or day < today or day_is_in(plan, book, day):
        return day
    return day - timedelta(days=1)


def covered(plan: CampaignPlan, book: ReportBook, metric: str, through: date) -> tuple[Number | None, Decimal]:
    """(actual, expected) of one KPI over the days of the window up to `through` that have a report of it:
    a day nobody reported is left out of both sides. Actual is None when no such day exists."""
    # Looked up by the figure's name: Metric keys match it (a StrEnum), and a figure that is not a Metric (new members,
    # bot.pace.rules.target_rates) can be judged with the same rule.
    target = plan.targets.get(metric)  # type: ignore[call-overload]
    if target is None:
        raise KeyError(metric)
    actual: Number | None = None
    expected = ZERO
    last = min(through, plan.dates.end)
    day = plan.dates.start
    while day <= last:
        value = book.on(day).value(metric)
        if value is not None:
            actual = value if actual is None else actual + value
            expected += expected_on(target, plan.dates, day, plan.weights)
        day += timedelta(days=1)
    return actual, expected


def standing(plan: CampaignPlan, book: ReportBook, metric: str, day: date, *, today: date | None = None,
             final: bool = False) -> PaceStanding:
    """The KPI `metric` as of the end of `day` (see the notes above); `today` is the day in progress, if any."""
    target = plan.targets[metric]  # type: ignore[index]
    of_target = _ratio(book.cumulative(day).value(metric), target)
    if final:
        return PaceStanding(judge_final(of_target, band=plan.tolerance), of_target, of_target, final=True)
    actual, expected = covered(plan, book, metric, judged_through(plan, book, day, today))
    of_pace = _ratio(actual, expected)
    return PaceStanding(judge(of_pace, band=plan.tolerance), of_pace, of_target)


def _ratio(part: Number | None, whole: Decimal) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) / whole
