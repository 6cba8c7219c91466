"""Anomaly rules: below pace (with severity by depth), sudden drops, budget and contingency, dedupe keys."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.pace.rules.anomalies import (
    Anomaly,
    AnomalyFigures,
    AnomalyKind,
    AnomalySettings,
    Scope,
    detect_anomalies,
    triage,
)
from bot.pace.rules.pace import CampaignPlan
from bot.plan.rules.emergency_plan import IncidentKind, Severity
from bot.reports.rules.figures import DailyRow, Figures

START = date(2026, 5, 1)


def day(n: int) -> date:
    return START + timedelta(days=n - 1)


# Ten days, 1,000 clicks: the linear pace is 100 clicks a day. Budget 1,000 with a 100 reserve.
PLAN = CampaignPlan(
    CampaignDates(START, day(10), None, None, None),
    targets={Metric.CLICKS: Decimal(1000)},
    budget=Decimal(1000),
    contingency=Decimal(100),
)


def clicks(per_day: list[int], source: str = "WeChat") -> list[DailyRow]:
    return [DailyRow(day(n), source, Figures(clicks=value)) for n, value in enumerate(per_day, start=1)]


def kinds(found: list[Anomaly]) -> list[tuple[str, str, str]]:
    return [(a.kind.value, a.metric, a.scope.value) for a in found]


@pytest.mark.parametrize(
    ("total", "severity"),
    [
        (160, None),  # exactly 20% below: not *more than* the threshold
        (159, Severity.MINOR),
        (131, Severity.MINOR),
        (130, Severity.MODERATE),  # 35% below
        (101, Severity.MODERATE),
        (100, Severity.SEVERE),  # 50% below
        (0, Severity.SEVERE),
    ],
)
def test_below_pace_severity_by_depth(total: int, severity: Severity | None) -> None:
    rows = clicks([0, total])  # pace by day 2 is 200; nothing on day 1, so no day-over-day drop
    found = [a for a in detect_anomalies(PLAN, rows, day(2)) if a.kind == AnomalyKind.BELOW_PACE]
    if severity is None:
        assert found == []
        return
    (anomaly,) = found
    assert anomaly.severity == severity
    assert anomaly.scope == Scope.CUMULATIVE
    assert anomaly.figures == AnomalyFigures(total, Decimal(200), (Decimal(200) - total) / Decimal(200))
    assert anomaly.dedupe_key == "below_pace:clicks"
    assert anomaly.incident_kind == IncidentKind.TRAFFIC
    assert anomaly.day == day(2)


def test_pace_checks_start_after_the_first_full_day() -> None:
    assert detect_anomalies(PLAN, clicks([0]), day(1)) == []
    assert detect_anomalies(PLAN, clicks([0]), day(0)) == []
    assert kinds(detect_anomalies(PLAN, clicks([0, 0]), day(2))) == [("below_pace", "clicks", "cumulative")]
    eager = AnomalySettings(grace_days=0)
    assert kinds(detect_anomalies(PLAN, clicks([0]), day(1), eager)) == [("below_pace", "clicks", "cumulative")]


def test_only_reported_kpis_with_targets_are_checked() -> None:
    rows = [DailyRow(day(n), "WeChat", Figures(exposure=0, participants=0)) for n in (1, 2, 3)]
    assert detect_anomalies(PLAN, rows, day(3)) == []  # exposure has no target; clicks nobody reported


def test_rows_after_the_day_are_ignored() -> None:
    rows = clicks([100, 100, 100, 0, 0])
    assert detect_anomalies(PLAN, rows, day(3)) == []
    assert kinds(detect_anomalies(PLAN, rows, day(5))) == [("below_pace", "clicks", "cumulative")]


def test_a_weak_day_behind_pace_is_a_daily_anomaly_with_the_same_key() -> None:
    rows = clicks([100, 100, 100, 60, 70])  # cumulative 430 of 500 (14% behind), the day 70 of 100
    (anomaly,) = detect_anomalies(PLAN, rows, day(5))
    assert (anomaly.kind, anomaly.scope, anomaly.severity) == (AnomalyKind.BELOW_PACE, Scope.DAILY, Severity.MINOR)
    assert anomaly.figures == AnomalyFigures(70, Decimal(100), Decimal("0.3"))
    assert anomaly.dedupe_key == "below_pace:clicks"
    assert detect_anomalies(PLAN, rows, day(5), AnomalySettings(check_daily=False)) == []


def test_a_weak_day_ahead_of_pace_is_not_an_anomaly() -> None:
    rows = clicks([300, 60, 70])  # 70 of the day's 100, but 430 of 300 so far
    assert detect_anomalies(PLAN, rows, day(3)) == []


def test_sudden_drop_day_over_day() -> None:
    rows = clicks([300, 100, 60])  # −40% exactly on day 3; cumulative far ahead of pace
    (anomaly,) = detect_anomalies(PLAN, rows, day(3))
    assert (anomaly.kind, anomaly.scope, anomaly.metric) == (AnomalyKind.SUDDEN_DROP, Scope.DAILY, "clicks")
    assert anomaly.figures == AnomalyFigures(60, 100, Decimal("0.4"))
    assert anomaly.severity == Severity.MODERATE  # a 40% fall is past the 35% tier
    assert anomaly.dedupe_key == "sudden_drop:clicks"
    assert anomaly.lagging_source == "WeChat"
    assert detect_anomalies(PLAN, clicks([300, 100, 61]), day(3)) == []
    assert detect_anomalies(PLAN, clicks([300, 0, 0]), day(3)) == []  # nothing yesterday: nothing to fall from


def test_sudden_drop_compares_like_for_like_sources() -> None:
    rows = clicks([300, 100, 100], "WeChat") + clicks([300, 100], "Douyin")  # Douyin has not reported day 3 yet
    assert detect_anomalies(PLAN, rows, day(3)) == []
    rows = clicks([300, 100, 90], "WeChat") + clicks([300, 100, 10], "Douyin")
    (anomaly,) = detect_anomalies(PLAN, rows, day(3))
    assert anomaly.kind == AnomalyKind.SUDDEN_DROP
    assert anomaly.lagging_source == "Douyin"


def test_lagging_source_is_the_one_furthest_below_its_usual_day() -> None:
    rows = clicks([50, 50, 50], "WeChat") + clicks([50, 50, 5], "Douyin") + clicks([10, 10], "Stores")
    plan = CampaignPlan(PLAN.dates, targets={Metric.CLICKS: Decimal(2000)})  # pace 600, actual 325
    behind, fell = detect_anomalies(plan, rows, day(3))
    assert behind.kind == AnomalyKind.BELOW_PACE
    assert behind.lagging_source == "Douyin"  # 45 below its usual 50; Stores (missing today) is 10 below
    assert (fell.kind, fell.lagging_source) == (AnomalyKind.SUDDEN_DROP, "Douyin")  # 100 → 55 like for like


def test_lagging_source_against_planned_shares() -> None:
    rows = clicks([20, 20, 20], "WeChat") + clicks([40, 40, 40], "Douyin")
    plan = CampaignPlan(PLAN.dates, targets={Metric.CLICKS: Decimal(1000)})
    shares = {"WeChat": Decimal("0.5"), "Douyin": Decimal("0.25"), "Stores": Decimal("0.25")}
    (anomaly,) = detect_anomalies(plan, rows, day(3), source_shares=shares)
    # Pace 300: WeChat should have 150 (has 60), Douyin 75 (has 120), Stores 75 (has nothing).
    assert anomaly.lagging_source == "WeChat"


def spend(amounts: list[str], source: str = "Agency") -> list[DailyRow]:
    return [DailyRow(day(n), source, Figures(spend=Decimal(a))) for n, a in enumerate(amounts, start=1)]


def test_spend_into_the_contingency_reserve_then_over_budget() -> None:
    assert detect_anomalies(PLAN, spend(["900.00"]), day(1)) == []
    (into,) = detect_anomalies(PLAN, spend(["900.00", "0.01"]), day(2))
    assert (into.kind, into.severity, into.metric) == (AnomalyKind.INTO_CONTINGENCY, Severity.MINOR, "spend")
    assert into.figures == AnomalyFigures(Decimal("900.01"), Decimal(900), Decimal("0.01") / Decimal(900))
    assert into.dedupe_key == "into_contingency:spend"
    assert into.incident_kind is None
    rows = spend(["900.00", "100.01"]) + spend(["50"], "Stores")
    (over,) = detect_anomalies(PLAN, rows, day(2))
    assert (over.kind, over.severity) == (AnomalyKind.OVER_BUDGET, Severity.MODERATE)
    assert over.figures.actual == Decimal("1050.01") and over.figures.reference == 1000
    assert over.lagging_source == "Agency"  # the biggest spender
    assert over.dedupe_key == "over_budget:spend"


def test_no_budget_means_no_money_check() -> None:
    plan = CampaignPlan(PLAN.dates)
    assert detect_anomalies(plan, spend(["5000"]), day(1)) == []


def test_one_anomaly_per_key_in_stable_order() -> None:
    plan = CampaignPlan(
        PLAN.dates, targets={Metric.SALES: Decimal(1000), Metric.EXPOSURE: Decimal(1000)},
        budget=Decimal(10), contingency=Decimal(1),
    )
    rows = [DailyRow(day(n), "A", Figures(exposure=0, sales=Decimal(0), spend=Decimal(20))) for n in (1, 2)]
    found = detect_anomalies(plan, rows, day(2))
    assert [a.dedupe_key for a in found] == ["below_pace:exposure", "below_pace:sales", "over_budget:spend"]


def test_triage_updates_open_incidents_instead_of_reopening() -> None:
    found = detect_anomalies(PLAN, clicks([0, 0]) + spend(["950"]), day(2))
    result = triage(found, open_keys={"below_pace:clicks", "sudden_drop:exposure"})
    assert [a.dedupe_key for a in result.to_update] == ["below_pace:clicks"]
    assert [a.dedupe_key for a in result.to_open] == ["into_contingency:spend"]
    assert result.cleared == ("sudden_drop:exposure",)
    assert triage(found + found, set()).to_open == tuple(found)


def test_settings_validate_and_round_trip() -> None:
    defaults = AnomalySettings()
    assert (defaults.threshold, defaults.moderate, defaults.severe, defaults.drop) == (
        Decimal("0.20"), Decimal("0.35"), Decimal("0.50"), Decimal("-0.40"))
    custom = AnomalySettings(threshold=Decimal("0.1"), drop=Decimal("-0.3"), grace_days=2, check_daily=False)
    assert AnomalySettings.load(custom.dump()) == custom
    assert AnomalySettings.load(None) == defaults
    assert AnomalySettings.load('{"threshold": "0.25"}').threshold == Decimal("0.25")
    with pytest.raises(ValueError):
        AnomalySettings(threshold=Decimal("0.4"))  # above the moderate tier
    with pytest.raises(ValueError):
        AnomalySettings(drop=Decimal("0.4"))
    with pytest.raises(ValueError):
        AnomalySettings(grace_days=-1)
    tighter = AnomalySettings(threshold=Decimal("0.1"))
    assert kinds(detect_anomalies(PLAN, clicks([0, 170]), day(2), tighter)) == [("below_pace", "clicks", "cumulative")]
