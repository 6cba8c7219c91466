"""The judgement of rates and lifts: on cumulative figures (never one day's), like with like, lifts against their
baseline, and "not judged yet" when there is nothing to compute."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.pace.rules.pace import CampaignDates, CampaignPlan, PaceStatus
from bot.pace.rules.target_rates import (
    TargetStatus,
    cumulative_ratio,
    daily_average,
    judge_goal,
    judge_goals,
    lift,
)
from bot.plan.rules.targets import Goal, GoalTarget
from bot.reports.rules.figures import DailyRow, Figures, ReportBook

PLAN = CampaignPlan(dates=CampaignDates(date(2026, 5, 1), date(2026, 5, 10), None, None, None))


def day(number: int) -> date:
    return date(2026, 5, number)


def book(*rows: tuple[int, Figures]) -> ReportBook:
    return ReportBook(DailyRow(day(number), "All", figures) for number, figures in rows)


def test_a_rate_is_judged_on_the_cumulative_figures_not_the_last_day() -> None:
    # Day 2 alone is 50% (met); together 60 of 200 is 30% (not met).
    reports = book((1, Figures(conversions=100, new_customers=10)), (2, Figures(conversions=100, new_customers=50)))
    result = judge_goal(GoalTarget(Goal.NEW_CUSTOMER_SHARE, Decimal(40)), PLAN, reports, day(2))
    assert (result.status, result.actual, result.target) == (TargetStatus.NOT_MET, Decimal("0.3"), Decimal("0.4"))
    # Through day 1 only, the later day does not count.
    assert judge_goal(GoalTarget(Goal.NEW_CUSTOMER_SHARE, Decimal(10)), PLAN, reports, day(1)).actual == Decimal("0.1")


def test_only_days_with_both_figures_of_a_ratio_count() -> None:
    # Day 2 has conversions but nobody counted new customers: it is left out of both sides (40 / 100, not / 300).
    reports = book((1, Figures(conversions=100, new_customers=40)), (2, Figures(conversions=200)))
    assert cumulative_ratio(reports, day(2), "new_customers", "conversions") == Decimal("0.4")
    result = judge_goal(GoalTarget(Goal.NEW_CUSTOMER_SHARE, Decimal(40)), PLAN, reports, day(2))
    assert result.status is TargetStatus.MET  # exactly the minimum is met


def test_each_rate_divides_what_the_handbook_says() -> None:
    reports = book((1, Figures(clicks=2000, conversions=200, sales=Decimal(60000), spend=Decimal(20000))))
    results = {r.goal: r for r in judge_goals([GoalTarget(Goal.CONVERSION_RATE, Decimal(5)),
                                               GoalTarget(Goal.AVERAGE_ORDER_VALUE, Decimal(350)),
                                               GoalTarget(Goal.ROI, Decimal(200))], PLAN, reports, day(1))}
    assert results[Goal.CONVERSION_RATE].actual == Decimal("0.1")  # conversions ÷ clicks
    assert results[Goal.AVERAGE_ORDER_VALUE].actual == Decimal(300)  # sales ÷ conversions, money
    assert results[Goal.AVERAGE_ORDER_VALUE].status is TargetStatus.NOT_MET
    assert results[Goal.ROI].actual == Decimal(2)  # (60,000 − 20,000) ÷ 20,000
    assert results[Goal.ROI].status is TargetStatus.MET


def test_brand_searches_lift_is_the_daily_average_against_the_baseline() -> None:
    # Reported on days 1 and 3 only: the average is over those two days (a missing day is not a zero).
    reports = book((1, Figures(brand_searches=1100)), (2, Figures(clicks=5)), (3, Figures(brand_searches=1500)))
    assert daily_average(reports, day(3), "brand_searches") == Decimal(1300)
    result = judge_goal(GoalTarget(Goal.BRAND_SEARCHES, Decimal(30), Decimal(1000)), PLAN, reports, day(3))
    assert (result.status, result.actual, result.measured) == (TargetStatus.MET, Decimal("0.3"), Decimal(1300))
    short = judge_goal(GoalTarget(Goal.BRAND_SEARCHES, Decimal(31), Decimal(1000)), PLAN, reports, day(3))
    assert short.status is TargetStatus.NOT_MET


def test_repurchase_lift_is_in_percent_of_the_baseline_rate_not_points() -> None:
    # 23% against a 20% baseline is +15% (of the baseline), though only 3 points.
    reports = book((1, Figures(conversions=100, repeat_buyers=23)))
    result = judge_goal(GoalTarget(Goal.REPURCHASE_RATE, Decimal(15), Decimal(20)), PLAN, reports, day(1))
    assert result.measured == Decimal("0.23") and result.baseline == Decimal("0.2")
    assert result.actual == Decimal("0.15") and result.status is TargetStatus.MET
    assert lift(Decimal("0.23"), Decimal("0.2")) == Decimal("0.15")


def test_nothing_to_compute_is_not_judged() -> None:
    empty = book()
    no_customers = book((1, Figures(conversions=100)))
    zero_conversions = book((1, Figures(conversions=0, new_customers=0, sales=Decimal(0))))
    for reports in (empty, no_customers, zero_conversions):
        for target in (GoalTarget(Goal.NEW_CUSTOMER_SHARE, Decimal(40)), GoalTarget(Goal.AVERAGE_ORDER_VALUE,
                                                                                   Decimal(300)),
                       GoalTarget(Goal.ROI, Decimal(100)), GoalTarget(Goal.BRAND_SEARCHES, Decimal(30), Decimal(1000)),
                       GoalTarget(Goal.REPURCHASE_RATE, Decimal(15), Decimal(20))):
            result = judge_goal(target, PLAN, reports, day(1))
            assert result.status is TargetStatus.NOT_JUDGED and result.actual is None, (target, reports.days)
    assert lift(None, Decimal(10)) is None and lift(Decimal(10), None) is None


def test_new_members_is_held_to_the_pace_like_every_total() -> None:
    target = GoalTarget(Goal.NEW_MEMBERS, Decimal(10000))
    on_pace = judge_goal(target, PLAN, book((1, Figures(new_members=1000)), (2, Figures(new_members=1000))), day(2))
    assert on_pace.actual == 2000 and on_pace.pace is not None and on_pace.pace.status is PaceStatus.ON_PACE
    assert on_pace.status is TargetStatus.MET
    behind = judge_goal(target, PLAN, book((1, Figures(new_members=100)), (2, Figures(new_members=100))), day(2))
    assert behind.status is TargetStatus.NOT_MET
    assert judge_goal(target, PLAN, book(), day(2)).status is TargetStatus.NOT_JUDGED
    missed = judge_goal(target, PLAN, book((1, Figures(new_members=9000))), day(10), final=True)
    assert missed.status is TargetStatus.NOT_MET and missed.pace is not None and missed.pace.final


def test_goals_come_back_in_the_modal_order() -> None:
    goals = {Goal.ROI: GoalTarget(Goal.ROI, Decimal(1)), Goal.NEW_MEMBERS: GoalTarget(Goal.NEW_MEMBERS, Decimal(5))}
    assert [r.goal for r in judge_goals(goals, PLAN, book(), day(1))] == [Goal.NEW_MEMBERS, Goal.ROI]
