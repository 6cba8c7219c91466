"""Anomalies in the daily report: KPIs behind pace, spend past the budget, sudden day-over-day falls.

Pure functions of a `CampaignPlan`, the report rows and the day they are about: no Slack, no database, no clock.

The deviation rule (README.md, "Using it": "Anomalies and the emergency plan", then "Cause & adjustment"): a KPI
more than 20% behind its pace opens an incident, whose cause is found and answered by an adjustment. The rules, with
defaults in `AnomalySettings` (a campaign stores only what it changes):

- below_pace: a KPI (a metric with a target; nothing else is checked) whose cumulative figure is more than
  `threshold` below the pace (`bot.pace.rules.pace`) as of the end of `day`. When the cumulative figure is behind the
  pace but within the threshold, the day's own figure is compared with the day's share of the pace the same way (scope
  DAILY: falling further behind); a campaign ahead of its pace is not alarmed by one weak day. Severity by depth: gap
  ≥ `severe` → severe, ≥ `moderate` → moderate, else minor. Pace checks start once more than `grace_days` full days of
  execution are in (default 1: from the second day's check), so a first day that started late or was reported partly
  does not raise an alarm. A KPI nobody has reported yet is skipped: a missing report is chased by the report
  reminders, it is not evidence of low traffic. Likewise a day without a report of the KPI is left out of both the
  actual and the pace (`pace.covered`): backfilling day 1 while days 2–9 are still empty compares day 1 with day 1's
  pace. The band is `pace.judge`'s, so the alarm fires exactly when every surface shows the KPI as behind.
- sudden_drop: a KPI whose figure on `day` fell by `drop` (−40%) or more from the day before. Compared like for
  like: only sources that reported the KPI on both days count, so a report that is still missing is not a fall.
  Severity by the depth of the fall, with the same tiers.
- into_contingency: cumulative spend above budget − contingency reserve (the reserve is being used); minor.
- over_budget: cumulative spend above the whole budget, reserve included; moderate. Supersedes into_contingency.
  A budget of 0 means "no budget given": money is not checked.

`day` is the last day whose reports are complete; rows after it are ignored. After the evening summary that is
today. On a submission, pass the report's day once every source has reported it, else the day before: half a
day's figures compared with a whole day's pace would be a false alarm.

Each anomaly has a `dedupe_key` ("below_pace:clicks") that is the same every day for the same problem, so the
caller updates the open incident with that key instead of opening another (`triage`).

Ratios (`gap`, thresholds) are Decimal fractions: 0.2 is 20%.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from bot.campaigns.rules.campaign import Metric
from bot.pace.rules.pace import CampaignPlan, PaceStatus, covered, judge
from bot.plan.rules.emergency_plan import IncidentKind, Severity
from bot.reports.rules.figures import DailyRow, Number, ReportBook

ZERO = Decimal(0)
SPEND = "spend"


class AnomalyKind(StrEnum):
    BELOW_PACE = "below_pace"
    OVER_BUDGET = "over_budget"
    INTO_CONTINGENCY = "into_contingency"
    SUDDEN_DROP = "sudden_drop"


class Scope(StrEnum):
    CUMULATIVE = "cumulative"  # the campaign so far
    DAILY = "daily"  # the one day


@dataclass(frozen=True)
class AnomalySettings:
    threshold: Decimal = Decimal("0.20")  # below pace by more than this opens an incident (minor from here)
    moderate: Decimal = Decimal("0.35")
    severe: Decimal = Decimal("0.50")
    drop: Decimal = Decimal("-0.40")  # day-over-day change at or below this is a sudden drop
    grace_days: int = 1  # pace checks start after this many full days of execution
    check_daily: bool = True  # also compare the day's own figure with the day's pace

    def __post_init__(self) -> None:
        if not ZERO < self.threshold <= self.moderate <= self.severe <= 1:
            raise ValueError("need 0 < threshold ≤ moderate ≤ severe ≤ 1")
        if not -1 < self.drop < 0:
            raise ValueError("drop must be a fall: −1 < drop < 0")
        if self.grace_days < 0:
            raise ValueError("grace_days must not be negative")

    def severity(self, depth: Decimal) -> Severity:
        """Tier of a fall `depth` (a positive fraction) that is already known to be an anomaly."""
        if depth >= self.severe:
            return Severity.SEVERE
        if depth >= self.moderate:
            return Severity.MODERATE
        return Severity.MINOR

    def dump(self) -> str:
        data = {key: str(value) if isinstance(value, Decimal) else value for key, value in asdict(self).items()}
        return json.dumps(data)

    @classmethod
    def load(cls, text: str | None) -> AnomalySettings:
        if not text:
            return cls()
        data = json.loads(text)
        defaults = cls()
        return replace(
            defaults,
            threshold=Decimal(str(data.get("threshold", defaults.threshold))),
            moderate=Decimal(str(data.get("moderate", defaults.moderate))),
            severe=Decimal(str(data.get("severe", defaults.severe))),
            drop=Decimal(str(data.get("drop", defaults.drop))),
            grace_days=int(data.get("grace_days", defaults.grace_days)),
            check_daily=bool(data.get("check_daily", defaults.check_daily)),
        )


@dataclass(frozen=True)
class AnomalyFigures:
    """actual: the figure found. reference: what it is measured against (the pace, yesterday's figure, or the
    budget limit). gap: how far on the wrong side, as a positive fraction of the reference (shortfall for
    pace and drops, overrun for money)."""

    actual: Number
    reference: Number
    gap: Decimal


@dataclass(frozen=True)
class Anomaly:
    kind: AnomalyKind
    metric: str  # a Metric value, or "spend" for the money kinds
    severity: Severity
    figures: AnomalyFigures
    day: date
    scope: Scope = Scope.CUMULATIVE
    lagging_source: str | None = None  # the likely cause among the report sources, when one stands out

    @property
    def dedupe_key(self) -> str:
        """Stable for the same problem day after day (scope left out on purpose: one incident per KPI)."""
        return f"{self.kind.value}:{self.metric}"

    @property
    def incident_kind(self) -> IncidentKind | None:
        """The emergency-plan kind to open: traffic (流量不及预期) for pace and drops; the plan has no kind for
        money, so None: the caller posts budget anomalies as notices (or maps them to its own kind)."""
        return IncidentKind.TRAFFIC if self.kind in (AnomalyKind.BELOW_PACE, AnomalyKind.SUDDEN_DROP) else None


def detect_anomalies(
    plan: CampaignPlan,
    rows: Iterable[DailyRow] | ReportBook,
    day: date,
    settings: AnomalySettings | None = None,
    *,
    source_shares: Mapping[str, Decimal] | None = None,
) -> list[Anomaly]:
    """Every anomaly as of the end of `day`, in a stable order: pace, drops, money.

    `source_shares` is the planned split of each KPI between sources (e.g. from the channel budget lines);
    when given, the lagging source is the one furthest below its share of the pace, otherwise the one furthest
    below its own usual daily figure.
    """
    settings = settings or AnomalySettings()
    book = ReportBook.of(rows)
    found: list[Anomaly] = []
    found += below_pace(plan, book, day, settings, source_shares=source_shares)
    found += sudden_drops(plan, book, day, settings)
    money = budget_anomaly(plan, book, day)
    if money is not None:
        found.append(money)
    return found


def below_pace(
    plan: CampaignPlan, book: ReportBook, day: date, settings: AnomalySettings,
    *, source_shares: Mapping[str, Decimal] | None = None,
) -> list[Anomaly]:
    if plan.day_number(day) <= settings.grace_days:
        return []
    today = book.on(day)
    found: list[Anomaly] = []
    for metric in _kpis(plan):
        # The same like-with-like figures and the same band as every colour the bot shows (`pace.standing`).
        actual, expected = covered(plan, book, metric.value, day)
        if actual is None or not expected:
            continue
        gap = (expected - actual) / expected
        if judge(Decimal(actual) / expected, band=settings.threshold) == PaceStatus.BEHIND:
            lagging = (_behind_share(book, metric, day, expected, source_shares) if source_shares
                       else _behind_usual(plan, book, metric, day))
            found.append(Anomaly(AnomalyKind.BELOW_PACE, metric.value, settings.severity(gap),
                                 AnomalyFigures(actual, expected, gap), day, Scope.CUMULATIVE, lagging))
            continue
        if not settings.check_daily or actual >= expected:
            continue  # a campaign ahead of its pace has no traffic problem, whatever one day brought
        actual_today = today.value(metric)
        expected_today = plan.expected_on(metric, day)
        if actual_today is None or not expected_today:
            continue
        gap = (expected_today - actual_today) / expected_today
        if gap > settings.threshold:
            found.append(Anomaly(AnomalyKind.BELOW_PACE, metric.value, settings.severity(gap),
                                 AnomalyFigures(actual_today, expected_today, gap), day, Scope.DAILY,
                                 _behind_usual(plan, book, metric, day)))
    return found


def sudden_drops(plan: CampaignPlan, book: ReportBook, day: date, settings: AnomalySettings) -> list[Anomaly]:
    yesterday = day - timedelta(days=1)
    if yesterday < plan.dates.start or day > plan.dates.end:
        return []
    today_sources = book.sources_on(day)
    yesterday_sources = book.sources_on(yesterday)
    found: list[Anomaly] = []
    for metric in _kpis(plan):
        pairs = {
            source: (figures.value(metric), yesterday_sources[source].value(metric))
            for source, figures in today_sources.items() if source in yesterday_sources
        }
        pairs = {source: (now, before) for source, (now, before) in pairs.items()
                 if now is not None and before is not None}
        # Started from int 0 so counts stay int and money stays Decimal.
        now_total: Number = sum((now for now, _ in pairs.values()), 0)
        before_total: Number = sum((before for _, before in pairs.values()), 0)
        if not before_total:
            continue
        change = Decimal(now_total - before_total) / Decimal(before_total)
        if change <= settings.drop:
            falls = {source: before - now for source, (now, before) in pairs.items()}
            lagging = _largest_positive(falls)
            found.append(Anomaly(AnomalyKind.SUDDEN_DROP, metric.value, settings.severity(-change),
                                 AnomalyFigures(now_total, before_total, -change), day,
                                 Scope.DAILY, lagging))
    return found


def budget_anomaly(plan: CampaignPlan, book: ReportBook, day: date) -> Anomaly | None:
    if plan.budget <= 0:
        return None
    spent = book.cumulative(day).spend
    if spent is None:
        return None
    biggest_spender = _largest_positive(
        {source: figures.spend for source, figures in book.cumulative_by_source(day).items() if figures.spend}
    )
    if spent > plan.budget:
        gap = (spent - plan.budget) / plan.budget
        return Anomaly(AnomalyKind.OVER_BUDGET, SPEND, Severity.MODERATE, AnomalyFigures(spent, plan.budget, gap),
                       day, Scope.CUMULATIVE, biggest_spender)
    if plan.contingency > 0 and spent > plan.spendable:
        gap = (spent - plan.spendable) / plan.spendable if plan.spendable else Decimal(1)
        return Anomaly(AnomalyKind.INTO_CONTINGENCY, SPEND, Severity.MINOR,
                       AnomalyFigures(spent, plan.spendable, gap), day, Scope.CUMULATIVE, biggest_spender)
    return None


@dataclass(frozen=True)
class Triage:
    """What the caller does with today's anomalies, given the dedupe keys of the incidents still open."""

    to_open: tuple[Anomaly, ...] = ()
    to_update: tuple[Anomaly, ...] = ()  # an incident with this key is open: update it, do not open another
    cleared: tuple[str, ...] = field(default=())  # open keys with no anomaly now: worth a note, never auto-resolved


def triage(anomalies: Iterable[Anomaly], open_keys: Collection[str]) -> Triage:
    to_open: list[Anomaly] = []
    to_update: list[Anomaly] = []
    seen: set[str] = set()
    for anomaly in anomalies:
        key = anomaly.dedupe_key
        if key in seen:
            continue  # detect_anomalies gives one per key; keep the first if a caller merges lists
        seen.add(key)
        (to_update if key in open_keys else to_open).append(anomaly)
    return Triage(tuple(to_open), tuple(to_update), tuple(sorted(set(open_keys) - seen)))


def _kpis(plan: CampaignPlan) -> list[Metric]:
    # Enum order, so messages and tests see the same order whatever order the targets were stored in.
    return [metric for metric in Metric if metric in plan.targets]


def _behind_share(
    book: ReportBook, metric: Metric, day: date, expected: Decimal, shares: Mapping[str, Decimal]
) -> str | None:
    """The source furthest below its planned share of the pace (a source that reported nothing counts as 0)."""
    total_share = sum(shares.values(), ZERO)
    if total_share <= 0:
        return None
    actual = book.cumulative_by_source(day)
    shortfalls: dict[str, Decimal] = {}
    for source, share in shares.items():
        figures = actual.get(source)
        got = figures.value(metric) if figures else None
        shortfalls[source] = expected * share / total_share - Decimal(got or 0)
    return _largest_positive(shortfalls)


def _behind_usual(plan: CampaignPlan, book: ReportBook, metric: Metric, day: date) -> str | None:
    """Without a planned split: the source whose figure on `day` is furthest below its own daily average over
    the earlier days of the campaign; a source that has not reported today counts as 0 (it may be the cause)."""
    earlier_days = plan.day_number(day - timedelta(days=1))
    if earlier_days <= 0:
        return None
    earlier = book.cumulative_by_source(day - timedelta(days=1), since=plan.dates.start)
    today = book.sources_on(day)
    shortfalls: dict[str, Decimal] = {}
    for source, figures in earlier.items():
        before = figures.value(metric)
        if before is None:
            continue
        now = today[source].value(metric) if source in today else None
        shortfalls[source] = Decimal(before) / earlier_days - Decimal(now or 0)
    return _largest_positive(shortfalls)


def _largest_positive(values: Mapping[str, Number]) -> str | None:
    """The key with the largest positive value; ties go to the first name in order, for stable messages."""
    best: tuple[Number, str] | None = None
    for key in sorted(values):
        value = values[key]
        if value > 0 and (best is None or value > best[0]):
            best = (value, key)
    return None if best is None else best[1]

