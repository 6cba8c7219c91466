"""The daily summary's data: the day against yesterday, against targets and pace, ROI, budget, feedback, sources."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.pace.rules.pace import CampaignPlan
from bot.reports.rules.figures import DailyRow, Feedback, FeedbackKind, Figures
from bot.summary.rules import budget_use, compute_summary, feedback_digest, kpi_series, roi

START = date(2026, 5, 1)


def day(n: int) -> date:
    return START + timedelta(days=n - 1)


PLAN = CampaignPlan(
    CampaignDates(START, day(10), None, None, None),
    targets={Metric.CLICKS: Decimal(1000), Metric.SALES: Decimal("10000.00")},
    budget=Decimal(5000),
    contingency=Decimal(500),
)
ROWS = [
    DailyRow(day(1), "WeChat", Figures(clicks=80, participants=40, conversions=4, sales=Decimal("800.00"),
                                       spend=Decimal("300.00"))),
    DailyRow(day(1), "Douyin", Figures(clicks=20, exposure=5000)),
    DailyRow(day(2), "WeChat", Figures(clicks=120, participants=50, conversions=10, sales=Decimal("1500.00"),
                                       spend=Decimal("400.00"))),
    DailyRow(day(3), "WeChat", Figures(clicks=999)),  # after the summary's day: ignored
]
FEEDBACK = [
    Feedback(day(1), "WeChat", FeedbackKind.COMPLAINT, "页面打不开", 1),
    Feedback(day(1), "Douyin", FeedbackKind.PRAISE, "great prizes", 2),
    Feedback(day(2), "WeChat", FeedbackKind.COMPLAINT, "优惠券领不了", 1),
    Feedback(day(2), "WeChat", FeedbackKind.COMPLAINT, "客服太慢", 3),
    Feedback(day(2), "Stores", FeedbackKind.SUGGESTION, "more sizes", 2),
    Feedback(day(2), "Stores", FeedbackKind.COMPLAINT, "queue too long", 2),
    Feedback(day(3), "WeChat", FeedbackKind.COMPLAINT, "tomorrow's", 1),
]


def test_the_days_figures_against_yesterday() -> None:
    summary = compute_summary(PLAN, ROWS, day(2), feedback=FEEDBACK)
    assert (summary.day, summary.day_number, summary.total_days, summary.pace_share) == (day(2), 2, 10,
                                                                                         Decimal("0.2"))
    clicks = summary.metric("clicks")
    # Like with like: Douyin has not reported day 2, so the change is WeChat's alone (120 against its 80).
    assert (clicks.today, clicks.yesterday, clicks.change, clicks.change_pct) == (120, 80, 40, Decimal("0.5"))
    assert clicks.cumulative == 220
    exposure = summary.metric("exposure")
    assert (exposure.today, exposure.yesterday, exposure.change, exposure.change_pct) == (None, None, None, None)
    assert exposure.cumulative == 5000
    assert summary.metric("new_members").cumulative is None
    assert [line.metric for line in summary.metrics] == [
        "exposure", "clicks", "participants", "conversions", "new_members", "sales", "spend"]


def test_kpis_against_target_and_pace() -> None:
    summary = compute_summary(PLAN, ROWS, day(2))
    assert [line.metric for line in summary.kpis] == ["clicks", "sales"]
    clicks = summary.metric("clicks")
    assert (clicks.target, clicks.done, clicks.expected, clicks.of_pace) == (
        Decimal(1000), Decimal("0.22"), Decimal(200), Decimal("1.1"))
    sales = summary.metric("sales")
    assert sales.cumulative == Decimal("2300.00")
    assert sales.done == Decimal("0.23") and sales.of_pace == Decimal("1.15")
    exposure = summary.metric("exposure")
    assert not exposure.is_kpi and exposure.done is None and exposure.expected is None


def test_a_kpi_nobody_reported_has_no_percentages() -> None:
    plan = CampaignPlan(PLAN.dates, targets={Metric.EXPOSURE: Decimal(10), Metric.PARTICIPANTS: Decimal(100)})
    summary = compute_summary(plan, [DailyRow(day(1), "A", Figures(clicks=1))], day(1))
    line = summary.metric("participants")
    assert line.is_kpi and line.cumulative is None and line.done is None and line.of_pace is None
    assert line.expected == 10


def test_conversion_rate_is_derived() -> None:
    rate = compute_summary(PLAN, ROWS, day(2)).conversion_rate
    assert rate.today == Decimal("0.2")  # 10 / 50 participants
    assert rate.yesterday == Decimal("0.1")  # 4 / 40
    assert rate.change == Decimal("0.1")
    assert rate.cumulative == Decimal(14) / Decimal(90)


def test_roi_so_far() -> None:
    assert compute_summary(PLAN, ROWS, day(2)).roi == Decimal(1600) / Decimal(700)  # (2300 − 700) / 700
    assert roi(Figures(sales=Decimal(50), spend=Decimal(100))) == Decimal("-0.5")
    assert roi(Figures(sales=Decimal(50), spend=Decimal(0))) is None
    assert roi(Figures(sales=Decimal(50))) is None
    assert roi(Figures(spend=Decimal(100))) is None  # no revenue reported is not −100%


def test_budget_use_against_the_budget_with_and_without_the_reserve() -> None:
    use = compute_summary(PLAN, ROWS, day(2)).budget
    assert (use.budget, use.contingency, use.spendable, use.spent) == (5000, 500, 4500, Decimal("700.00"))
    assert use.used == Decimal("0.14")
    assert use.used_of_spendable == Decimal(700) / Decimal(4500)
    assert use.remaining == Decimal("4300.00")
    nothing = budget_use(PLAN, None)
    assert (nothing.spent, nothing.used, nothing.remaining) == (None, None, None)
    assert budget_use(CampaignPlan(PLAN.dates), Decimal(10)).used is None  # no budget: no percentage


def test_feedback_counts_and_the_newest_complaints() -> None:
    digest = compute_summary(PLAN, ROWS, day(2), feedback=FEEDBACK, complaints=2).feedback
    assert digest.today == {FeedbackKind.SUGGESTION: 1, FeedbackKind.COMPLAINT: 3, FeedbackKind.PRAISE: 0}
    assert digest.total == {FeedbackKind.SUGGESTION: 1, FeedbackKind.COMPLAINT: 4, FeedbackKind.PRAISE: 1}
    assert [(item.text, item.source, item.day) for item in digest.newest_complaints] == [
        ("客服太慢", "WeChat", day(2)), ("queue too long", "Stores", day(2))]
    assert len(feedback_digest(FEEDBACK, day(2)).newest_complaints) == 3
    assert feedback_digest([], day(2)).newest_complaints == ()
    # The next night quotes only that night's complaint, never last night's again; a quiet night quotes none.
    assert [item.text for item in feedback_digest(FEEDBACK, day(3)).newest_complaints] == ["tomorrow's"]
    assert feedback_digest(FEEDBACK, day(4)).newest_complaints == ()
    assert feedback_digest(FEEDBACK, day(2), complaints=0).newest_complaints == ()


def test_per_source_breakdown() -> None:
    sources = compute_summary(PLAN, ROWS, day(2)).sources
    assert [(line.source, line.reported_today) for line in sources] == [("Douyin", False), ("WeChat", True)]
    douyin, wechat = sources
    assert douyin.today == Figures() and douyin.cumulative == Figures(clicks=20, exposure=5000)
    assert wechat.today.clicks == 120 and wechat.cumulative.clicks == 200


def test_before_the_first_report() -> None:
    summary = compute_summary(PLAN, [], day(1))
    assert summary.metric("clicks").cumulative is None
    assert summary.roi is None and summary.sources == ()
    assert summary.metric("clicks").expected == 100


def test_kpi_series_for_the_chart() -> None:
    rows = [*ROWS[1:], DailyRow(day(4), "WeChat", Figures(sales=Decimal(1)))]
    series = kpi_series(PLAN, rows, day(4))
    assert [s.metric for s in series] == ["clicks", "sales"]
    clicks, sales = series
    assert clicks.start == START and clicks.target == 1000
    assert clicks.actual == (20, 140, 1139, 1139)  # carried over day 4, which had no clicks
    assert sales.actual == (None, Decimal("1500.00"), Decimal("1500.00"), Decimal("1501.00"))
    assert len(clicks.pace) == 10 and clicks.pace[0] == 100 and clicks.pace[-1] == 1000
    assert kpi_series(PLAN, rows, day(0))[0].actual == ()
    assert len(kpi_series(PLAN, rows, day(20))[0].actual) == 10  # never past the window
