"""Expected pace: linear over the inclusive window as of the end of a day, or weighted by phase."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.campaigns.rules.campaign import CampaignDraft, Metric, Objective
from bot.campaigns.rules.reminders import CampaignDates
from bot.pace.rules.pace import (
    CampaignPlan,
    Phase,
    PhaseSpan,
    PhaseWeights,
    elapsed_days,
    expected_by,
    expected_on,
    pace_share,
    phase_spans,
    window_days,
)

START = date(2026, 5, 1)


def day(n: int) -> date:
    """Day n of the window (1 = the start)."""
    return START + timedelta(days=n - 1)


TEN_DAYS = CampaignDates(START, day(10), None, None, None)
PHASED = CampaignDates(START, day(10), day(1), day(3), day(8))  # warm-up 1–2, burst 3–7, long tail 8–10
WEIGHTS = PhaseWeights(warmup=Decimal(20), burst=Decimal(60), longtail=Decimal(20))


def test_linear_pace_counts_whole_days_including_both_ends() -> None:
    target = Decimal(1000)
    assert window_days(TEN_DAYS) == 10
    assert [elapsed_days(TEN_DAYS, day(n)) for n in (0, 1, 5, 10, 11)] == [0, 1, 5, 10, 10]
    assert expected_by(target, TEN_DAYS, day(0)) == 0
    assert expected_by(target, TEN_DAYS, day(1)) == 100  # the end of the first day
    assert expected_by(target, TEN_DAYS, day(5)) == 500
    assert expected_by(target, TEN_DAYS, day(10)) == 1000
    assert expected_by(target, TEN_DAYS, day(30)) == 1000
    assert expected_on(target, TEN_DAYS, day(4)) == 100
    assert expected_on(target, TEN_DAYS, day(11)) == 0


def test_shares_are_exact_decimals() -> None:
    three = CampaignDates(START, day(3), None, None, None)
    assert pace_share(three, day(1)) == Decimal(1) / Decimal(3)
    assert pace_share(CampaignDates(START, START, None, None, None), START) == 1  # a one-day campaign


def test_phase_spans_cover_the_window() -> None:
    assert phase_spans(PHASED) == [
        PhaseSpan(Phase.WARMUP, day(1), day(2)),
        PhaseSpan(Phase.BURST, day(3), day(7)),
        PhaseSpan(Phase.LONGTAIL, day(8), day(10)),
    ]
    assert phase_spans(TEN_DAYS) == []
    # Days before the first named phase belong to it; a phase left out is simply absent.
    late = CampaignDates(START, day(10), None, day(4), None)
    assert phase_spans(late) == [PhaseSpan(Phase.BURST, day(1), day(10))]
    assert phase_spans(late)[0].days == 10


def test_weighted_pace_is_linear_within_each_phase() -> None:
    shares = [pace_share(PHASED, day(n), WEIGHTS) for n in range(0, 12)]
    assert shares[0] == 0
    assert shares[1] == Decimal("0.1")  # half the warm-up: half of 20%
    assert shares[2] == Decimal("0.2")
    assert shares[5] == Decimal("0.56")  # 20% + 60% × 3/5
    assert shares[7] == Decimal("0.8")
    assert shares[10] == 1
    assert shares[11] == 1
    assert shares == sorted(shares)
    assert expected_on(Decimal(1000), PHASED, day(4), WEIGHTS) == 120  # burst: 600 over 5 days


def test_weights_of_phases_the_campaign_does_not_name_go_to_the_others() -> None:
    no_warmup = CampaignDates(START, day(10), None, day(1), day(6))
    assert pace_share(no_warmup, day(5), WEIGHTS) == Decimal("0.75")  # 60 / (60 + 20)


def test_weighting_falls_back_to_linear() -> None:
    assert pace_share(TEN_DAYS, day(3), WEIGHTS) == Decimal("0.3")  # no phase dates
    only_burst = PhaseWeights(burst=Decimal(1))
    warmup_only = CampaignDates(START, day(10), day(1), None, None)
    assert pace_share(warmup_only, day(3), only_burst) == Decimal("0.3")  # the named phase weighs nothing


def test_phase_weights_values() -> None:
    assert PhaseWeights.from_mapping({Phase.BURST: Decimal("0.6"), Phase.WARMUP: Decimal("0.4")}) == PhaseWeights(
        warmup=Decimal("0.4"), burst=Decimal("0.6")
    )
    assert WEIGHTS.as_mapping() == {Phase.WARMUP: 20, Phase.BURST: 60, Phase.LONGTAIL: 20}
    assert WEIGHTS.total == 100
    assert PhaseWeights.load(WEIGHTS.dump()) == WEIGHTS
    assert PhaseWeights.load(None) is None
    assert PhaseWeights.load('{"burst": "1"}') == PhaseWeights(burst=Decimal(1))
    with pytest.raises(ValueError):
        PhaseWeights()
    with pytest.raises(ValueError):
        PhaseWeights(burst=Decimal(1), longtail=Decimal(-1))
    with pytest.raises(ValueError):
        PhaseWeights.from_mapping({"preparation": Decimal(1)})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        PhaseWeights(burst=1)  # type: ignore[arg-type]


def test_campaign_plan() -> None:
    draft = CampaignDraft(
        name="618", theme="", objective=Objective.SALES, start=day(1), end=day(10), warmup_start=day(1),
        burst_start=day(3), longtail_start=day(8), owner_id="U1", channel_id="C1", budget=Decimal(200_000),
        contingency_pct=10, timezone="Asia/Shanghai", kpi_targets={Metric.CLICKS: Decimal(1000)},
    )
    plan = CampaignPlan.from_draft(draft, WEIGHTS)
    assert plan.dates == PHASED
    assert (plan.budget, plan.contingency, plan.spendable) == (200_000, 20_000, 180_000)
    assert plan.total_days == 10
    assert plan.day_number(day(4)) == 4
    assert plan.expected_by(Metric.CLICKS, day(2)) == 200
    assert plan.expected_on(Metric.CLICKS, day(2)) == 100
    assert plan.expected_by(Metric.SALES, day(2)) is None  # not a KPI
    series = plan.pace_series(Metric.CLICKS)
    assert len(series) == 10 and series[-1] == 1000 and series[1] == 200
    assert len(plan.pace_series(Metric.CLICKS, through=day(4))) == 4
    linear = CampaignPlan.from_draft(draft)
    assert linear.expected_by(Metric.CLICKS, day(2)) == 200 and linear.expected_by(Metric.CLICKS, day(3)) == 300


def test_campaign_plan_refuses_impossible_values() -> None:
    with pytest.raises(ValueError):
        CampaignPlan(TEN_DAYS, budget=Decimal(10), contingency=Decimal(11))
    with pytest.raises(ValueError):
        CampaignPlan(TEN_DAYS, targets={"likes": Decimal(1)})  # type: ignore[dict-item]
