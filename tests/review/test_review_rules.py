"""The review (复盘) computed from hand-set figures; every expected number below is worked out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.pace.rules.pace import CampaignPlan
from bot.plan.rules.budget_lines import BudgetLine
from bot.plan.rules.targets import Goal, GoalTarget
from bot.reports.rules.figures import DailyRow, Feedback, FeedbackKind, Figures
from bot.review.rules import (
    Finding,
    IncidentFact,
    LessonFact,
    ReviewInput,
    TaskFact,
    build_review,
    compare_reviews,
)
from bot.review.rules.comments import representative_comments

TZ = ZoneInfo("Asia/Shanghai")
D = Decimal


def at(day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=TZ)


PLAN = CampaignPlan(
    dates=CampaignDates(date(2026, 5, 1), date(2026, 5, 10), None, None, None),
    targets={Metric.EXPOSURE: D(800_000), Metric.CLICKS: D(50_000), Metric.CONVERSIONS: D(2_000),
             Metric.SALES: D(400_000)},
    budget=D(100_000), contingency=D(10_000),
)
BUDGET_PLAN = {BudgetLine.MATERIALS: D(20_000), BudgetLine.CHANNEL: D(50_000), BudgetLine.STAFF: D(10_000),
               BudgetLine.VENUE: D(10_000), BudgetLine.CONTINGENCY: D(10_000)}
ROWS = [
    DailyRow(date(2026, 5, 1), "WeChat", Figures(exposure=300_000, clicks=15_000, conversions=800, sales=D(200_000),
                                                 spend=D(30_000))),
    DailyRow(date(2026, 5, 2), "WeChat", Figures(exposure=200_000, clicks=10_000, conversions=400, sales=D(100_000),
                                                 spend=D(25_000)), BudgetLine.CHANNEL),
    DailyRow(date(2026, 5, 1), "Douyin", Figures(exposure=400_000, clicks=20_000, conversions=500, sales=D(60_000),
                                                 spend=D(24_000)), BudgetLine.MATERIALS),
    DailyRow(date(2026, 5, 3), "Stores", Figures(participants=3_000, conversions=100, sales=D(20_000),
                                                 spend=D(21_000)), BudgetLine.VENUE),
    DailyRow(date(2026, 5, 11), "WeChat", Figures(exposure=999, spend=D(999))),  # after `through`: not counted
]
TASKS = [
    TaskFact("主视觉", "U_A", "done", at(5), done_at=at(4)),  # on time
    TaskFact("海报", "U_B", "done", at(6), done_at=at(7)),  # late
    TaskFact("直播", "U_A", "open", at(8)),  # overdue
    TaskFact("物料", "U_C", "blocked", at(9)),  # overdue
    TaskFact("复盘会", "U_A", "open", at(20)),  # not due yet: outside the rate
    TaskFact("旧任务", "U_A", "cancelled", at(2)),  # dropped from the table: ignored
    TaskFact("立项", "U_B", "done", at(2)),  # done, no recorded time: on time
    TaskFact("长期", "U_B", "done", at(30), done_at=at(3)),  # done early, due later: counts
]
INCIDENTS = [
    IncidentFact.from_events(id=1, kind="equipment", severity="minor", description="Screen down", opened_at=at(2, 10),
                             events=[("opened", at(2, 10)), ("acknowledged", at(2, 10, 3)),
                                     ("resolved", at(2, 10, 30))],
                             acknowledge_within=timedelta(minutes=5)),
    IncidentFact.from_events(id=2, kind="public_opinion", severity="moderate", description="差评扩散",
                             opened_at=at(3, 12),
                             events=[("opened", at(3, 12)), ("owner_paged", at(3, 13)), ("acknowledged", at(3, 14)),
                                     ("resolved", at(3, 18))],
                             acknowledge_within=timedelta(hours=1)),
    IncidentFact.from_events(id=3, kind="traffic", severity="minor", description="Clicks below pace",
                             opened_at=at(9, 8), events=[("opened", at(9, 8))], acknowledge_within=timedelta(hours=4)),
]
FEEDBACK = [
    Feedback(date(2026, 5, 1), "WeChat", FeedbackKind.PRAISE, "包装很好", seq=1),
    Feedback(date(2026, 5, 2), "Douyin", FeedbackKind.PRAISE, "包装很好。", seq=2),
    Feedback(date(2026, 5, 2), "WeChat", FeedbackKind.PRAISE, "Fast delivery", seq=3),
    Feedback(date(2026, 5, 3), "Stores", FeedbackKind.COMPLAINT, "发货太慢", seq=4),
    Feedback(date(2026, 5, 3), "Stores", FeedbackKind.SUGGESTION, "多做直播", seq=5),
    Feedback(date(2026, 5, 11), "Stores", FeedbackKind.COMPLAINT, "too late to count", seq=6),
]
LESSONS = [LessonFact("U_A", worked="直播带货", fell_short="物料超支", next_time="提前备货", at=at(11))]
AS_OF = at(11, 10)


@pytest.fixture(scope="module")
def review():  # type: ignore[no-untyped-def]
    return build_review(ReviewInput(plan=PLAN, rows=ROWS, through=date(2026, 5, 10), as_of=AS_OF, feedback=FEEDBACK,
                                    budget_plan=BUDGET_PLAN, tasks=TASKS, incidents=INCIDENTS, lessons=LESSONS,
                                    final=True))


def test_overview_counts_the_window(review) -> None:  # type: ignore[no-untyped-def]
    assert (review.day_number, review.total_days, review.final) == (10, 10, True)
    assert review.totals == Figures(exposure=900_000, clicks=45_000, participants=3_000, conversions=1_800,
                                    sales=D(380_000), spend=D(100_000))


def test_each_kpi_target_actual_and_attainment(review) -> None:  # type: ignore[no-untyped-def]
    assert [(k.metric, k.target, k.actual, k.attained) for k in review.kpis] == [
        ("exposure", D(800_000), 900_000, D("1.125")),
        ("clicks", D(50_000), 45_000, D("0.9")),
        ("conversions", D(2_000), 1_800, D("0.9")),
        ("sales", D(400_000), D(380_000), D("0.95")),
    ]


def test_roi_and_conversion_rate(review) -> None:  # type: ignore[no-untyped-def]
    assert review.roi == D("2.8")  # (380,000 − 100,000) / 100,000
    assert review.conversion_rate == D("0.6")  # 1,800 conversions / 3,000 participants


def test_source_contribution(review) -> None:  # type: ignore[no-untyped-def]
    assert [s.source for s in review.sources] == ["WeChat", "Douyin", "Stores"]  # by sales
    wechat, douyin, stores = review.sources
    assert wechat.figures.sales == D(300_000) and wechat.figures.spend == D(55_000)
    assert wechat.shares["sales"] == D(300_000) / D(380_000)
    assert wechat.shares["exposure"] == D(500_000) / D(900_000)
    assert douyin.shares["clicks"] == D(20_000) / D(45_000)
    assert stores.shares["participants"] == D(1) and stores.shares["exposure"] is None
    assert wechat.roi == (D(300_000) - D(55_000)) / D(55_000)
    assert douyin.roi == D("1.5")  # (60,000 − 24,000) / 24,000
    assert stores.roi == D(-1_000) / D(21_000)


def test_budget_use_and_each_line_plan_vs_actual(review) -> None:  # type: ignore[no-untyped-def]
    budget = review.budget
    assert (budget.spent, budget.used, budget.remaining) == (D(100_000), D(1), D(0))
    assert (budget.planned_total, budget.unallocated, budget.spendable) == (D(100_000), D(0), D(90_000))
    lines = {line.line: (line.planned, line.actual, line.used, line.variance) for line in budget.lines}
    assert lines == {
        BudgetLine.MATERIALS: (D(20_000), D(24_000), D("1.2"), D(4_000)),
        BudgetLine.CHANNEL: (D(50_000), D(55_000), D("1.1"), D(5_000)),  # 30,000 without a line + 25,000
        BudgetLine.STAFF: (D(10_000), D(0), D(0), D(-10_000)),
        BudgetLine.VENUE: (D(10_000), D(21_000), D("2.1"), D(11_000)),
        BudgetLine.CONTINGENCY: (D(10_000), D(0), D(0), D(-10_000)),
    }


def test_feedback_counts_and_representative_comments(review) -> None:  # type: ignore[no-untyped-def]
    counts = review.feedback.counts
    assert (counts[FeedbackKind.PRAISE], counts[FeedbackKind.COMPLAINT], counts[FeedbackKind.SUGGESTION]) == (3, 1, 1)
    praise = review.feedback.comments[FeedbackKind.PRAISE]
    assert [(c.text, c.count, c.source, c.day) for c in praise] == [
        ("包装很好。", 2, "Douyin", date(2026, 5, 2)),  # said twice; its newest wording
        ("Fast delivery", 1, "WeChat", date(2026, 5, 2)),
    ]
    assert [c.text for c in review.feedback.comments[FeedbackKind.COMPLAINT]] == ["发货太慢"]


def test_task_on_time_rate_and_overdue_tasks(review) -> None:  # type: ignore[no-untyped-def]
    tasks = review.tasks
    assert (tasks.total, tasks.done, tasks.done_on_time, tasks.done_late, tasks.due) == (7, 4, 3, 1, 6)
    assert tasks.on_time_rate == D(3) / D(6)
    assert [task.title for task in tasks.overdue] == ["直播", "物料"]


def test_incidents_mtta_mttr_and_the_longest(review) -> None:  # type: ignore[no-untyped-def]
    incidents = review.incidents
    assert (incidents.count, incidents.resolved, incidents.unresolved, incidents.escalated) == (3, 2, 1, 1)
    assert incidents.mtta == timedelta(minutes=61, seconds=30)  # mean of 3 min and 2 h
    assert incidents.mttr == timedelta(hours=3, minutes=15)  # mean of 30 min and 6 h
    assert incidents.longest is not None and incidents.longest.id == 3
    assert incidents.longest_duration == timedelta(days=2, hours=2)  # still open: May 9 08:00 → May 11 10:00
    assert incidents.acknowledged_late == 2  # #2 after its 1 h; #3 never, past its 4 h
    assert incidents.by_severity == {"minor": 2, "moderate": 1}


def test_what_worked_and_what_fell_short(review) -> None:  # type: ignore[no-untyped-def]
    assert review.worked == (
        Finding("kpi_met", metric="exposure", ratio=D("1.125")),
        Finding("roi", ratio=D("2.8")),
        Finding("top_source", source="WeChat", metric="sales", ratio=D(300_000) / D(380_000)),
        Finding("feedback_positive", count=3, other=1),
    )
    assert review.fell_short == (
        Finding("kpi_missed", metric="clicks", ratio=D("0.9")),
        Finding("kpi_missed", metric="conversions", ratio=D("0.9")),
        Finding("kpi_missed", metric="sales", ratio=D("0.95")),
        Finding("into_contingency", money=D(10_000), ratio=D(1)),
        Finding("line_over", line=BudgetLine.MATERIALS, ratio=D("0.2"), money=D(4_000)),
        Finding("line_over", line=BudgetLine.VENUE, ratio=D("1.1"), money=D(11_000)),
        Finding("weak_source", source="Stores", ratio=D(-1_000) / D(21_000), money=D(21_000)),
        Finding("tasks_late", ratio=D("0.5"), count=2, other=1),
        Finding("incidents_late", count=2, other=3),
        Finding("incidents_open", count=1),
    )
    assert review.lessons == tuple(LESSONS)


def test_a_campaign_with_nothing_reported_claims_nothing() -> None:
    review = build_review(ReviewInput(plan=PLAN, rows=[], through=date(2026, 5, 3), as_of=at(3, 12)))
    assert review.roi is None and review.conversion_rate is None
    assert all(k.actual is None and k.attained is None for k in review.kpis)
    assert review.budget.spent is None and review.budget.used is None and review.budget.planned_total is None
    assert all(line.actual == 0 and line.planned is None for line in review.budget.lines)
    assert review.tasks.on_time_rate is None and review.incidents.mtta is None and review.incidents.longest is None
    assert review.worked == ()
    assert [f.key for f in review.fell_short] == ["kpi_unreported"] * 4
    assert review.day_number == 3 and not review.final


def test_over_budget_within_budget_and_unplanned_lines() -> None:
    over = build_review(ReviewInput(
        plan=PLAN, through=date(2026, 5, 10), as_of=AS_OF, budget_plan={BudgetLine.CHANNEL: D(60_000)},
        rows=[DailyRow(date(2026, 5, 1), "All", Figures(sales=D(50_000), spend=D(120_000)), BudgetLine.STAFF)]))
    assert Finding("over_budget", money=D(20_000), ratio=D("1.2")) in over.fell_short
    assert Finding("line_unplanned", line=BudgetLine.STAFF, money=D(120_000)) in over.fell_short
    assert Finding("roi", ratio=D("-0.5833333333333333333333333333")) in over.fell_short
    within = build_review(ReviewInput(
        plan=PLAN, through=date(2026, 5, 10), as_of=AS_OF,
        rows=[DailyRow(date(2026, 5, 1), "All", Figures(spend=D(45_000)))]))
    assert Finding("within_budget", ratio=D("0.45")) in within.worked
    assert not any(f.key == "line_unplanned" for f in within.fell_short)  # no plan: nothing is "unplanned"


def test_tasks_on_time_and_incidents_handled_are_what_worked() -> None:
    review = build_review(ReviewInput(
        plan=PLAN, rows=[], through=date(2026, 5, 10), as_of=AS_OF,
        tasks=[TaskFact("a", "U", "done", at(5), done_at=at(5)), TaskFact("b", "U", "open", at(20))],
        incidents=[IncidentFact.from_events(id=9, kind="weather", severity="minor", description="rain",
                                            opened_at=at(4), events=[("resolved", at(4, 9, 30))],
                                            acknowledge_within=timedelta(hours=1))]))
    assert Finding("tasks_on_time", ratio=D(1), count=1) in review.worked
    assert Finding("incidents_handled", count=1) in review.worked
    assert review.incidents.mtta == review.incidents.mttr == timedelta(minutes=30)  # resolving acknowledges


def test_complaints_outnumbering_praise_fall_short() -> None:
    feedback = [Feedback(date(2026, 5, 1), "All", FeedbackKind.COMPLAINT, f"slow {n}") for n in range(2)]
    review = build_review(ReviewInput(plan=PLAN, rows=[], through=date(2026, 5, 10), as_of=AS_OF, feedback=feedback))
    assert Finding("feedback_negative", count=2, other=0) in review.fell_short


def test_representative_comments_prefer_repeated_then_recent() -> None:
    items = [Feedback(date(2026, 5, day), "All", FeedbackKind.COMPLAINT, text, seq=day)
             for day, text in ((1, "Slow"), (2, "rude staff"), (3, "slow!"), (4, "No parking"), (5, "  "))]
    comments = representative_comments(items, FeedbackKind.COMPLAINT, limit=3)
    assert [(c.text, c.count) for c in comments] == [("slow!", 2), ("No parking", 1), ("rude staff", 1)]


def test_compare_two_reviews_side_by_side(review) -> None:  # type: ignore[no-untyped-def]
    other = build_review(ReviewInput(
        plan=CampaignPlan(dates=PLAN.dates, targets={Metric.SALES: D(100_000), Metric.PARTICIPANTS: D(10)},
                          budget=D(50_000)),
        rows=[DailyRow(date(2026, 5, 1), "All", Figures(sales=D(150_000), spend=D(50_000)))],
        through=date(2026, 5, 10), as_of=AS_OF,
        tasks=[TaskFact("x", "U", "done", at(5), done_at=at(4))],
        incidents=[IncidentFact.from_events(id=7, kind="supply", severity="minor", description="", opened_at=at(1),
                                            events=[("acknowledged", at(1, 9, 10)), ("resolved", at(1, 11))])]))
    rows = {(row.key, row.metric): row for row in compare_reviews(review, other)}
    assert [key for key in rows] == [
        ("kpi", "exposure"), ("kpi", "clicks"), ("kpi", "participants"), ("kpi", "conversions"), ("kpi", "sales"),
        ("roi", None), ("on_time", None), ("conversion_rate", None), ("budget_used", None), ("mtta", None),
        ("mttr", None),
    ]
    sales = rows[("kpi", "sales")]
    assert (sales.first, sales.second, sales.leader) == (D("0.95"), D("1.5"), 2)
    assert rows[("kpi", "exposure")].second is None and rows[("kpi", "exposure")].leader is None
    participants = rows[("kpi", "participants")]  # only the second has that target, and reported none
    assert participants.first_kpi is None and participants.second_kpi is not None
    assert (participants.first, participants.second, participants.leader) == (None, None, None)
    roi = rows[("roi", None)]
    assert (roi.first, roi.second, roi.leader) == (D("2.8"), D(2), 1)
    assert rows[("on_time", None)].leader == 2  # 50% vs 100%
    assert (rows[("budget_used", None)].first, rows[("budget_used", None)].second) == (D(1), D(1))
    assert rows[("budget_used", None)].leader is None
    assert rows[("mtta", None)].second == timedelta(minutes=10) and rows[("mtta", None)].leader == 2
    assert rows[("mttr", None)].second == timedelta(hours=2) and rows[("mttr", None)].leader == 2  # 2 h < 3 h 15


def test_rates_and_lifts_are_found_worked_or_short_as_their_lines_say() -> None:
    """New-customer share 30 of 100 conversions against ≥ 40%: short; conversion rate 100 of 1,000 clicks against
    ≥ 5%: worked; ROI with no spend reported: not judged, so neither."""
    rows = [DailyRow(date(2026, 5, 1), "All", Figures(clicks=1_000, conversions=100, new_customers=30))]
    review = build_review(ReviewInput(
        plan=PLAN, rows=rows, through=date(2026, 5, 10), as_of=AS_OF,
        goals={Goal.NEW_CUSTOMER_SHARE: GoalTarget(Goal.NEW_CUSTOMER_SHARE, D(40)),
               Goal.CONVERSION_RATE: GoalTarget(Goal.CONVERSION_RATE, D(5)), Goal.ROI: GoalTarget(Goal.ROI, D(300))}))
    assert Finding("goal_met", metric="conversion_rate") in review.worked
    assert Finding("goal_missed", metric="new_customer_share") in review.fell_short
    assert not any(f.metric == "roi" for f in (*review.worked, *review.fell_short) if f.key.startswith("goal_"))
