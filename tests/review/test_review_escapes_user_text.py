"""The review's builders fed hostile user text — campaign name and theme, sources, feedback, task titles, incident
descriptions, lessons — escape all of it and stay within Slack's limits (slack_sdk validates them on to_dict)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import given

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.home.blocks import home_view
from bot.home.rules import HomeCampaign, HomeData, HomeIncident, KpiProgress
from bot.pace.rules.pace import CampaignPlan
from bot.reports.rules.figures import DailyRow, Feedback, FeedbackKind, Figures
from bot.review.blocks.compare import compare_blocks, compare_fallback
from bot.review.blocks.message import budget_modal, closed_message, lessons_modal, review_blocks, review_fallback
from bot.review.rules import (
    IncidentFact,
    LessonFact,
    ReviewInput,
    ReviewPackage,
    ReviewSubject,
    TaskFact,
    build_review,
)
from bot.tasks.blocks.lines import TaskItem
from tests.kernel.test_builders_escape_user_text import SWEEP, _check, hostile
from tests.support.hostile import assert_escaped

NOW = datetime(2026, 5, 11, 2, 0, tzinfo=UTC)


def _package(text: str, status: str = "evaluating") -> ReviewPackage:
    plan = CampaignPlan(dates=CampaignDates(date(2026, 5, 1), date(2026, 5, 10), None, None, None),
                        targets={Metric.SALES: Decimal(1000)}, budget=Decimal(100), contingency=Decimal(10))
    review = build_review(ReviewInput(
        plan=plan, through=date(2026, 5, 10), as_of=NOW, final=True,
        rows=[DailyRow(date(2026, 5, 1), text, Figures(sales=Decimal(50), spend=Decimal(80))),
              DailyRow(date(2026, 5, 1), text + "2", Figures(sales=Decimal(1), spend=Decimal(5)))],
        feedback=[Feedback(date(2026, 5, 1), text, kind, text) for kind in FeedbackKind],
        tasks=[TaskFact(text, "U_A", "open", NOW - timedelta(days=2))],
        incidents=[IncidentFact.from_events(id=1, kind="traffic", severity="minor", description=text,
                                            opened_at=NOW - timedelta(days=1), events=[])],
        lessons=[LessonFact("U_A", worked=text, fell_short=text, next_time=text)],
    ))
    subject = ReviewSubject(1, text, text, "sales", status, date(2026, 5, 1), date(2026, 5, 10), "Asia/Shanghai",
                            "U_OWNER", "C_CAMPAIGN", ("U_A",), ("U_B",))
    return ReviewPackage(subject, review)


@SWEEP
@given(text=hostile)
def test_the_review_message_and_its_fallback(text: str) -> None:
    for locale in ("en", "zh-CN"):
        package = _package(text)
        blocks = review_blocks(package, locale)
        _check(blocks, "review")
        assert_escaped(review_fallback(package, locale), "review fallback")
        closed = closed_message([block.to_dict() for block in blocks], 1, actor_id="U_OWNER", locale=locale)
        _check(closed, "closed review")


@SWEEP
@given(text=hostile)
def test_compare(text: str) -> None:
    first, second = _package(text), _package(text + "b", status="running")
    _check(compare_blocks(first, second, "en"), "compare")
    assert_escaped(compare_fallback(first, second, "en"), "compare fallback")


@SWEEP
@given(text=hostile)
def test_the_modals(text: str) -> None:
    _check(budget_modal(name=text, budget=Decimal(100), reserve=Decimal(10), planned={}, metadata="{}", locale="en"),
           "budget modal")
    _check(lessons_modal(name=text, initial={"worked": text[:3000]}, metadata="{}", locale="en"), "lessons modal")


@SWEEP
@given(text=hostile)
def test_the_home_tab(text: str) -> None:
    data = HomeData(
        tasks=(TaskItem(1, text, "open", NOW, text, "UTC", "U_A"),), task_total=1,
        campaigns=(HomeCampaign(2, text, "running", date(2026, 5, 1), date(2026, 5, 10), "C_CAMPAIGN", "U_A", True,
                                (KpiProgress("sales", Decimal(5), Decimal(10), Decimal("0.5")),)),),
        campaign_total=1,
        incidents=(HomeIncident(3, text, "equipment", "minor", "open", text, NOW, "UTC"),), incident_total=1,
    )
    _check(home_view(data, "en", NOW), "home")
