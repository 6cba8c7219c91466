"""One traffic incident per anomaly day: every KPI, the worst severity, the lagging source and silent sources."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.pace.rules.anomalies import detect_anomalies
from bot.pace.rules.anomaly_day import traffic_day
from bot.pace.rules.pace import CampaignPlan
from bot.plan.rules.emergency_plan import Severity
from bot.reports.rules.figures import DailyRow, Figures, ReportBook

START = date(2026, 5, 1)
PLAN = CampaignPlan(CampaignDates(START, START + timedelta(days=9), None, None, None),
                    targets={Metric.EXPOSURE: Decimal(10_000), Metric.CLICKS: Decimal(1_000),
                             Metric.PARTICIPANTS: Decimal(500)},
                    budget=Decimal(0), contingency=Decimal(0))


def day(n: int) -> date:
    return START + timedelta(days=n - 1)


def row(n: int, source: str, **figures: int) -> DailyRow:
    return DailyRow(day(n), source, Figures(**figures))


def test_every_kpi_of_the_day_in_one_with_the_worst_severity_and_the_sources_named() -> None:
    rows = []
    for n in (1, 2):  # WeChat and Douyin carry the campaign on pace; Stores reports a little
        rows += [row(n, "WeChat", exposure=600, clicks=60, participants=30),
                 row(n, "Douyin", exposure=400, clicks=40, participants=20), row(n, "Stores", exposure=10)]
    rows += [row(3, "WeChat", exposure=150, clicks=10, participants=5)]  # Douyin and Stores silent on day 3
    book = ReportBook(rows)
    anomalies = detect_anomalies(PLAN, book, day(3))
    assert len({a.metric for a in anomalies}) == 3  # exposure, clicks and participants all fell behind
    found = traffic_day(anomalies, PLAN, book, day(3), ["WeChat", "Douyin", "Stores", "Website"])
    assert found is not None
    assert found.dedupe_key == "traffic"
    assert {a.metric for a in found.anomalies} == {"exposure", "clicks", "participants"}
    assert found.severity == max((a.severity for a in anomalies), key=lambda s: s.rank)
    assert found.lagging is not None and found.lagging.source == "WeChat"
    assert found.lagging.pace == Decimal(5) / Decimal(30)  # participants: 5 against its usual 30
    assert [(p.source, p.days_without_report) for p in found.silent] == [("Website", 3), ("Douyin", 1),
                                                                          ("Stores", 1)]


def test_a_day_without_traffic_anomalies_opens_nothing() -> None:
    rows = [row(n, "WeChat", exposure=1000, clicks=100, participants=50) for n in (1, 2, 3)]
    book = ReportBook(rows)
    assert traffic_day(detect_anomalies(PLAN, book, day(3)), PLAN, book, day(3), ["WeChat"]) is None


def test_severity_is_the_worst_of_the_day() -> None:
    rows = [row(n, "WeChat", exposure=1000, clicks=100, participants=50) for n in (1, 2)]
    rows += [row(3, "WeChat", exposure=900, clicks=10, participants=45)]  # clicks fall 90%: severe
    book = ReportBook(rows)
    found = traffic_day(detect_anomalies(PLAN, book, day(3)), PLAN, book, day(3), ["WeChat"])
    assert found is not None and found.severity == Severity.SEVERE
