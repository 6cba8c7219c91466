"""The plan per source: reading the sources box, each source against its share of the pace, money over its plan."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.pace.rules.anomalies import AnomalySettings
from bot.pace.rules.pace import CampaignPlan, PaceStatus
from bot.pace.rules.sources import Overrun, evening_overruns, source_standings, sources_behind, with_sources_behind
from bot.plan.rules.budget_lines import BudgetLine
from bot.plan.rules.emergency_plan import Severity
from bot.plan.rules.source_plan import SourceShare, check_sources, parse_source, source_line, split_sources
from bot.reports.rules.figures import DailyRow, Figures, ReportBook

D = Decimal
PLAN = CampaignPlan(dates=CampaignDates(date(2026, 5, 1), date(2026, 5, 10), None, None, None),
                    targets={Metric.EXPOSURE: D(1_000_000), Metric.CLICKS: D(100_000)}, budget=D(200_000),
                    sources=("Douyin", "WeChat"))
DOUYIN = SourceShare("Douyin", D("0.3"), D(30_000))
WECHAT = SourceShare("WeChat", D("0.7"), None)


def row(day: int, source: str, exposure: int | None = None, clicks: int | None = None, spend: str | None = None,
        line: BudgetLine | None = None) -> DailyRow:
    return DailyRow(date(2026, 5, day), source, Figures(exposure=exposure, clicks=clicks,
                                                        spend=None if spend is None else D(spend)), line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("抖音 Douyin 30% ¥150,000", SourceShare("抖音 Douyin", D("0.3"), D(150_000))),
        ("Douyin 30%", SourceShare("Douyin", D("0.3"), None)),
        ("Douyin ¥150,000", SourceShare("Douyin", None, D(150_000))),
        ("Douyin 15万", SourceShare("Douyin", None, D(150_000))),
        ("Douyin 15萬 30 %", SourceShare("Douyin", D("0.3"), D(150_000))),
        ("Douyin 150k", SourceShare("Douyin", None, D(150_000))),
        ("Douyin 150,000", SourceShare("Douyin", None, D(150_000))),
        ("Douyin ￥１５０，０００ ３０％", SourceShare("Douyin", D("0.3"), D(150_000))),
        ("Douyin 33.33%", SourceShare("Douyin", D("0.3333"), None)),
        ("Store 2", SourceShare("Store 2")),
        ("Douyin 0%", SourceShare("Douyin", D(0), None)),
    ],
)
def test_a_line_is_a_name_with_its_share_and_budget(text: str, expected: SourceShare) -> None:
    assert parse_source(text) == (expected, [])


@pytest.mark.parametrize(
    ("text", "key"),
    [("Douyin 130%", "reports.source.error.share_range"), ("Douyin -1%", "reports.source.error.share_range"),
     ("Douyin 33.333%", "form.error.too_precise"), ("30%", "reports.source.error.no_name"),
     ("Douyin 10% 20%", "reports.source.error.two_shares"), ("Douyin ¥1 ¥2", "reports.source.error.two_budgets"),
     ("Douyin ¥-5", "reports.source.error.negative_budget"), ("Douyin ¥1.234", "form.error.too_precise")],
)
def test_a_bad_line_is_refused(text: str, key: str) -> None:
    source, errors = parse_source(text)
    assert source is None and [error.key for error in errors] == [key]
    assert errors[0].field == "sources"


def test_the_box_splits_on_lines_and_commas_but_not_inside_an_amount() -> None:
    assert split_sources("抖音 Douyin 30% ¥150,000, WeChat 70%\nA,B、C；D\n\n") == [
        "抖音 Douyin 30% ¥150,000", "WeChat 70%", "A", "B", "C", "D"]


def test_shares_add_up_to_exactly_100_percent_and_budgets_to_at_most_the_campaign_budget() -> None:
    assert check_sources(["A 30%", "B 60%"], campaign_budget=D(100))[1][0].params == {"total": "90%"}
    assert check_sources(["A 33.33%", "B 33.33%", "C 33.34%"], campaign_budget=D(0))[1] == []
    assert check_sources(["A 30%", "B 70%", "C"], campaign_budget=D(0))[0][2] == SourceShare("C")
    [error] = check_sources(["A ¥60", "B ¥50"], campaign_budget=D(100))[1]
    assert (error.key, error.params) == ("reports.source.error.over_budget", {"planned": D(110), "budget": D(100)})
    assert check_sources(["A ¥60", "B ¥50"], campaign_budget=D(0))[1] == []  # no campaign budget: nothing to pass
    assert check_sources(["A", "B"], campaign_budget=D(100)) == ([SourceShare("A"), SourceShare("B")], [])


def test_a_source_is_written_back_as_it_is_read() -> None:
    for source in (DOUYIN, WECHAT, SourceShare("Stores"), SourceShare("x", None, D("12.5"))):
        assert parse_source(source_line(source)) == (source, [])
    assert source_line(DOUYIN) == "Douyin 30% ¥30000"


def test_each_source_is_held_to_its_share_of_the_pace_over_its_own_days() -> None:
    # Pace: 100,000 exposure a day. Douyin's share: 30,000 a day; it brings 20,000 (66.7%); WeChat 80,000 (114%).
    book = ReportBook([row(day, "Douyin", 20_000, 2_000, "1000") for day in (1, 2)]
                      + [row(day, "WeChat", 80_000, 8_000) for day in (1, 2)] + [row(3, "WeChat", 70_000, 7_000)])
    douyin, wechat = source_standings(PLAN, book, [DOUYIN, WECHAT, SourceShare("Stores")], date(2026, 5, 3),
                                      today=date(2026, 5, 3))
    exposure = douyin.kpis[0]
    assert (exposure.metric, exposure.actual, exposure.standing.status) == ("exposure", 40_000, PaceStatus.BEHIND)
    assert exposure.standing.of_pace == D(40_000) / D(60_000)  # May 3 not in for Douyin: judged on May 1–2
    assert douyin.spent == D(2000) and douyin.over_budget_by is None
    assert wechat.kpis[0].standing.of_pace == D(230_000) / D(210_000)  # WeChat's May 3 is in: judged through it
    assert wechat.kpis[0].standing.status == PaceStatus.ON_PACE
    [behind] = sources_behind((douyin, wechat))
    assert (behind.source, behind.metric, round(behind.gap, 4)) == ("Douyin", "exposure", D("0.3333"))


def test_a_source_that_has_not_reported_is_not_behind() -> None:
    book = ReportBook([row(day, "WeChat", 100_000, 10_000) for day in (1, 2, 3)])
    [douyin] = source_standings(PLAN, book, [DOUYIN], date(2026, 5, 3))
    assert [kpi.standing.status for kpi in douyin.kpis] == [PaceStatus.UNKNOWN, PaceStatus.UNKNOWN]
    assert douyin.worst is None and sources_behind([douyin]) == []


def test_a_source_behind_opens_the_traffic_day_with_the_campaigns_tiers() -> None:
    book = ReportBook([row(day, "Douyin", 10_000, 1_000) for day in (1, 2)])
    behind = sources_behind(source_standings(PLAN, book, [DOUYIN], date(2026, 5, 2)))
    traffic = with_sources_behind(None, behind, date(2026, 5, 2), AnomalySettings())
    assert traffic is not None and traffic.anomalies == () and traffic.severity == Severity.SEVERE  # 66.7% behind
    assert traffic.dedupe_key == "traffic"
    assert with_sources_behind(None, [], date(2026, 5, 2), AnomalySettings()) is None


def test_money_over_its_plan_is_said_the_day_it_goes_over_and_when_it_grows() -> None:
    rows = [row(1, "Douyin", spend="29000"), row(1, "WeChat", spend="4000", line=BudgetLine.MATERIALS),
            row(2, "Douyin", spend="2000"), row(2, "WeChat", spend="2000", line=BudgetLine.MATERIALS),
            row(3, "WeChat", spend="100"), row(4, "Douyin", spend="1")]
    lines = {BudgetLine.MATERIALS: D(5000), BudgetLine.CHANNEL: D(100_000)}

    def on(day: int) -> list[Overrun]:
        return evening_overruns(rows, date(2026, 5, day), line_plan=lines, sources=[DOUYIN, WECHAT])

    assert on(1) == []
    assert on(2) == [Overrun("materials", True, D(5000), D(6000), True), Overrun("Douyin", False, D(30_000),
                                                                                D(31_000), True)]
    assert on(3) == []  # WeChat's 100 is channel promotion, far from its plan; nothing grew that was over
    assert on(4) == [Overrun("Douyin", False, D(30_000), D(31_001), False)]
    assert on(4)[0].over_by == D(1001)
