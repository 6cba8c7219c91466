"""What people type into the budget-lines and lessons modals, and `/campaign compare A B`'s arguments."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bot.home.blocks import VIEW_BLOCK_LIMIT, home_view
from bot.home.rules import HomeCampaign, HomeData, HomeIncident, KpiProgress
from bot.kernel import formatting
from bot.kernel.errors import InvalidInput
from bot.plan.rules.budget_lines import BudgetLine, check_budget_plan, line_of
from bot.review.rules.lessons import LESSON_MAX, check_lessons
from bot.tasks.blocks.lines import TaskItem
from handlers.review import candidate_pairs

D = Decimal


def test_a_plan_is_read_the_way_people_write_amounts() -> None:
    plan, errors = check_budget_plan({BudgetLine.MATERIALS: "2万", BudgetLine.CHANNEL: " 50,000 ",
                                      BudgetLine.STAFF: "3.5k", BudgetLine.VENUE: "¥1,234.50",
                                      BudgetLine.CONTINGENCY: ""}, budget=D(100_000))
    assert errors == []
    assert plan == {BudgetLine.MATERIALS: D("20000.00"), BudgetLine.CHANNEL: D("50000.00"),
                    BudgetLine.STAFF: D("3500.00"), BudgetLine.VENUE: D("1234.50")}  # empty: not planned


def test_plan_mistakes_are_named_on_their_line() -> None:
    plan, errors = check_budget_plan({BudgetLine.MATERIALS: "lots", BudgetLine.STAFF: "-1",
                                      BudgetLine.VENUE: "1.005", BudgetLine.CHANNEL: "100000000000000"}, budget=D(10))
    assert plan is None
    assert [(e.field, e.key) for e in errors] == [
        ("budget_line_materials", "form.error.not_a_number"), ("budget_line_channel", "form.error.too_large"),
        ("budget_line_staff", "form.error.negative"), ("budget_line_venue", "form.error.too_precise")]


def test_lines_may_not_add_up_to_more_than_the_budget() -> None:
    plan, errors = check_budget_plan({BudgetLine.STAFF: "60000", BudgetLine.VENUE: "50000"}, budget=D(100_000))
    assert plan is None
    assert [(e.field, e.key, e.params) for e in errors] == [
        ("budget_line_staff", "plan.budget.error.over_budget", {"planned": D("110000.00"), "budget": D(100_000)})]
    exactly, errors = check_budget_plan({BudgetLine.STAFF: "60000", BudgetLine.VENUE: "40000"}, budget=D(100_000))
    assert errors == [] and sum(exactly.values()) == D(100_000)  # type: ignore[union-attr]


def test_spend_without_a_line_is_channel_promotion() -> None:
    assert line_of(None) == line_of("") == line_of("renamed-in-a-later-version") == BudgetLine.CHANNEL
    assert line_of("venue") == BudgetLine.VENUE


def test_lessons_need_one_part_and_no_part_too_long() -> None:
    draft, errors = check_lessons("  直播带货  ", "", "")
    assert errors == [] and draft is not None and draft.worked == "直播带货"
    assert check_lessons(" ", "\n", "")[1][0].key == "review.lessons.error.empty"
    _, errors = check_lessons("x" * (LESSON_MAX + 1), "ok", "")
    assert [(e.field, e.key) for e in errors] == [("lesson_worked", "form.error.too_long")]


@pytest.mark.parametrize(("text", "pairs"), [
    ('"Spring Sale" "Autumn Sale"', [("Spring Sale", "Autumn Sale")]),
    ("“Spring Sale” “Autumn Sale”", [("Spring Sale", "Autumn Sale")]),  # the quotes a phone keyboard gives
    ("「春季 促销」 「秋季 促销」", [("春季 促销", "秋季 促销")]),
    ("#12 #13", [("#12", "#13")]),
    ("Spring Autumn", [("Spring", "Autumn")]),
    ("Women's Day 'Autumn", [("Women's", "Day 'Autumn"), ("Women's Day", "'Autumn")]),  # apostrophes are letters
    ("Spring Sale Autumn", [("Spring", "Sale Autumn"), ("Spring Sale", "Autumn")]),
])
def test_compare_arguments(text: str, pairs: list[tuple[str, str]]) -> None:
    assert candidate_pairs(text) == pairs


@pytest.mark.parametrize(("text", "key"), [
    ('"Spring Sale', "review.compare.unbalanced"), ("", "review.compare.usage"), ("Spring", "review.compare.usage"),
    ('"Spring Sale" Autumn Sale', "review.compare.usage"),  # quotes given, three names: not guessed
])
def test_compare_arguments_that_need_fixing(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        candidate_pairs(text)
    assert raised.value.key == key


def test_durations_and_whole_money_read_naturally() -> None:
    assert formatting.duration(timedelta(minutes=61, seconds=30), "en") == "1 hr 2 min"
    assert formatting.duration(timedelta(days=2, hours=2), "zh-CN") == "2天2小时"
    assert formatting.duration(timedelta(seconds=40), "en") == "40 sec"
    assert formatting.duration(timedelta(seconds=-5), "en") == "0 sec"
    assert formatting.money(D("24000.4"), "en", whole=True) == "¥24,000"  # the chart's axes and bar ends


def test_the_home_view_stays_within_100_blocks() -> None:
    now = datetime(2026, 5, 5, tzinfo=UTC)
    tasks = tuple(TaskItem(n, f"task {n} <!channel>", "open", now - timedelta(days=1), "Spring", "UTC", "U1")
                  for n in range(40))
    campaigns = tuple(HomeCampaign(n, f"C{n}", "running", now.date(), now.date(), "C1", "U1", True,
                                   (KpiProgress("sales", D(5), D(10), D("0.5")),)) for n in range(20))
    incidents = tuple(HomeIncident(n, "Spring", "equipment", "minor", "open", "down", now, "UTC") for n in range(20))
    view = home_view(HomeData(tasks, 500, campaigns, 90, incidents, 300), "en", now).to_dict()
    assert len(view["blocks"]) <= VIEW_BLOCK_LIMIT
    text = str(view["blocks"])
    assert "…and 460 more" in text and "…and 70 more" in text and "…and 280 more" in text
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
