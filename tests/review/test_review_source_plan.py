"""The review's channel contribution against the plan per source (bot.review.rules.source_plans)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.pace.rules.pace import CampaignPlan
from bot.plan.rules.source_plan import SourceShare
from bot.reports.rules.figures import DailyRow, Figures
from bot.review.blocks.lines import review_sections
from bot.review.rules import build_review
from bot.review.rules.facts import ReviewInput
from bot.review.rules.subject import ReviewPackage, ReviewSubject

D = Decimal
PLAN = CampaignPlan(dates=CampaignDates(date(2026, 5, 1), date(2026, 5, 10), None, None, None),
                    targets={Metric.EXPOSURE: D(1_000_000), Metric.CLICKS: D(100_000)}, budget=D(200_000),
                    sources=("Douyin", "WeChat"))
DOUYIN = SourceShare("Douyin", D("0.3"), D(30_000))
WECHAT = SourceShare("WeChat", D("0.7"), None)
SUBJECT = ReviewSubject(campaign_id=1, name="Spring", theme="", objective="sales", status="running",
                        start=date(2026, 5, 1), end=date(2026, 5, 10), timezone="UTC", owner_id="U1", channel_id="C1",
                        task_owners=(), reporters=())


def row(day: int, source: str, exposure: int, clicks: int, spend: str | None = None) -> DailyRow:
    return DailyRow(date(2026, 5, day), source, Figures(exposure=exposure, clicks=clicks,
                                                        spend=None if spend is None else D(spend)))


def _sources_text(review_input: ReviewInput) -> str:
    review = build_review(review_input)
    [section] = [section for section in review_sections(ReviewPackage(SUBJECT, review), "en", person=str, safe=str)
                 if section.key == "sources"]
    return "\n".join(section.lines)


def test_the_review_shows_each_source_against_its_share_and_budget() -> None:
    rows = [row(day, "Douyin", 20_000, 2_000, "16000") for day in (1, 2)] + [
        row(day, "WeChat", 80_000, 8_000) for day in (1, 2)]
    review = build_review(ReviewInput(plan=PLAN, rows=rows, through=date(2026, 5, 2),
                                      as_of=datetime(2026, 5, 2, 14, tzinfo=UTC),
                                      source_plan=[DOUYIN, WECHAT, SourceShare("Stores", D(0), D(1000))]))
    douyin = review.source("Douyin")
    assert douyin.plan is not None and douyin.plan.over_budget_by == D(2000)
    assert review.source("Stores").plan is not None  # planned, never reported: still listed
    text = _sources_text(ReviewInput(plan=PLAN, rows=rows, through=date(2026, 5, 2),
                                     as_of=datetime(2026, 5, 2, 14, tzinfo=UTC), source_plan=[DOUYIN, WECHAT]))
    assert "plan 30%: 🔴 66.7% of its pace · budget ¥30,000, 106.7% used" in text
    assert "plan 70%: 🟢 114.3% of its pace" in text


def test_the_final_review_says_how_much_of_its_share_of_the_targets_a_source_brought() -> None:
    rows = [row(day, "Douyin", 30_000, 3_000) for day in range(1, 11)] + [
        row(day, "WeChat", 50_000, 5_000) for day in range(1, 11)]
    text = _sources_text(ReviewInput(plan=PLAN, rows=rows, through=date(2026, 5, 10), final=True,
                                     as_of=datetime(2026, 5, 11, 14, tzinfo=UTC),
                                     source_plan=[DOUYIN, WECHAT]))
    assert "plan 30%: 🟢 100% of its share of the targets" in text
    assert "plan 70%: 🔴 71.4% of its share of the targets" in text


def test_without_a_plan_the_review_is_unchanged() -> None:
    rows = [row(1, "Douyin", 30_000, 3_000)]
    text = _sources_text(ReviewInput(plan=PLAN, rows=rows, through=date(2026, 5, 1),
                                     as_of=datetime(2026, 5, 1, 14, tzinfo=UTC)))
    assert "plan" not in text and "budget" not in text
