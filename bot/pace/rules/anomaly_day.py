"""One traffic incident per campaign per anomaly day: every KPI that fell behind that day in one place, with the
source to look at first.

A day with five KPIs behind used to open five incidents (and their pages at night). Here the traffic anomalies of
a day (`bot.pace.rules.anomalies`: below pace, sudden drops) become one `TrafficDay`: its severity is the worst of them,
and each report source is measured two ways:

- pace: the source's figure on the day as a share of its own usual day (its average over the earlier days of the
  campaign), for the KPIs that fell behind; the lowest is the lagging source;
- days without a report: how many days up to the anomaly day since the source last reported anything. A source
  that went quiet is named apart: its missing figures may be the whole "drop".

Pure: no Slack, no database, no clock.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bot.campaigns.rules.campaign import Metric
from bot.pace.rules.anomalies import Anomaly
from bot.pace.rules.pace import CampaignPlan
from bot.plan.rules.emergency_plan import IncidentKind, Severity
from bot.reports.rules.figures import ReportBook


@dataclass(frozen=True)
class SourcePace:
    source: str
    pace: Decimal | None  # the day's figure over the source's usual day, worst KPI; None: nothing to compare with
    days_without_report: int  # 0: reported on the day; never reported: every day of the campaign so far


@dataclass(frozen=True)
class TrafficDay:
    day: date
    anomalies: tuple[Anomaly, ...]  # every traffic anomaly of the day, in detection order
    severity: Severity
    lagging: SourcePace | None  # the reporting source furthest below its usual day
    silent: tuple[SourcePace, ...]  # sources without a report on the day, longest silence first

    @property
    def dedupe_key(self) -> str:
        """At most one open traffic incident per campaign: an anomaly day while it is open updates it (its KPIs,
        lagging source and silent sources become the day's), rather than paging everyone again every night;
        once it is resolved, the next anomaly day opens a new one."""
        return "traffic"


def traffic_day(anomalies: Iterable[Anomaly], plan: CampaignPlan, book: ReportBook, day: date,
                sources: Sequence[str]) -> TrafficDay | None:
    """The day's traffic anomalies as one incident's worth, or None when there are none."""
    traffic = tuple(anomaly for anomaly in anomalies if anomaly.incident_kind == IncidentKind.TRAFFIC)
    if not traffic:
        return None
    metrics = list(dict.fromkeys(Metric(anomaly.metric) for anomaly in traffic))
    paces = source_paces(plan, book, day, sources, metrics)
    reporting = [p for p in paces if p.days_without_report == 0 and p.pace is not None and p.pace < 1]
    lagging = min(reporting, key=lambda p: (p.pace, p.source)) if reporting else None
    silent = tuple(sorted((p for p in paces if p.days_without_report > 0),
                          key=lambda p: (-p.days_without_report, p.source)))
    severity = traffic[0].severity
    for anomaly in traffic[1:]:
        severity = Severity.higher(severity, anomaly.severity)
    return TrafficDay(day, traffic, severity, lagging, silent)


def source_paces(plan: CampaignPlan, book: ReportBook, day: date, sources: Sequence[str],
                 metrics: Sequence[Metric]) -> list[SourcePace]:
    """Each source (the campaign's own list and any that reported) measured against its usual day."""
    names = list(dict.fromkeys([*sources, *sorted(book.cumulative_by_source(day, since=plan.dates.start))]))
    earlier_days = plan.day_number(day - timedelta(days=1)) if day > plan.dates.start else 0
    earlier = book.cumulative_by_source(day - timedelta(days=1), since=plan.dates.start) if earlier_days else {}
    today = book.sources_on(day)
    result = []
    for source in names:
        ratios = []
        for metric in metrics:
            before = earlier[source].value(metric) if source in earlier else None
            if not before or not earlier_days:
                continue
            usual = Decimal(before) / earlier_days
            now = today[source].value(metric) if source in today else None
            ratios.append(Decimal(now or 0) / usual)
        result.append(SourcePace(source, min(ratios) if ratios else None,
                                 _days_without_report(book, source, day, plan.dates.start)))
    return result


def _days_without_report(book: ReportBook, source: str, day: date, start: date) -> int:
    probe = day
    while probe >= start:
        if source in book.sources_on(probe):
            return (day - probe).days
        probe -= timedelta(days=1)
    return (day - start).days + 1
