"""The reporting setup's sources box with a plan per source: `抖音 Douyin 30% ¥150,000`, refusals on the field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from storage.models import ReportSource
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

META = ModalMetadata(campaign_id=1).dump()


@pytest.fixture
def campaign(bot: BotHarness) -> BotHarness:
    """Campaign 1 with a budget of ¥200,000, approved, no sources yet."""
    new_campaign(bot, approve=True)
    bot.standin.add_user("U_REP", tz="Asia/Shanghai")
    return bot


def _save(bot: BotHarness, sources: str) -> dict:  # type: ignore[type-arg]
    return response_json(bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_REP"],
                                                                                    sources=sources),
                                    private_metadata=META))


def _sources(bot: BotHarness) -> list[tuple[str, Decimal | None, Decimal | None]]:
    with bot.session() as session:
        rows = session.scalars(select(ReportSource).order_by(ReportSource.position)).all()
        return [(row.name, row.share_pct, row.budget) for row in rows]


def test_every_form_of_share_and_budget_is_read(campaign: BotHarness) -> None:
    assert _save(campaign, "抖音 Douyin 30% ¥150,000\nWeChat 50% 1.5万\nStores 20 %\nLINE 1.5萬\nEvents 1.5k\n"
                           "Store 2\nＭall ３，０００") == {}
    assert _sources(campaign) == [
        ("抖音 Douyin", Decimal("30.00"), Decimal("150000.00")), ("WeChat", Decimal("50.00"), Decimal("15000.00")),
        ("Stores", Decimal("20.00"), None), ("LINE", None, Decimal("15000.00")),
        ("Events", None, Decimal("1500.00")), ("Store 2", None, None), ("Mall", None, Decimal("3000.00")),
    ]


def test_a_plan_is_saved_and_shown_again_in_the_box(campaign: BotHarness) -> None:
    assert _save(campaign, "抖音 Douyin 30% ¥150,000\nWeChat 50% 1.5万, Stores 20 %") == {}
    assert _sources(campaign) == [("抖音 Douyin", Decimal("30.00"), Decimal("150000.00")),
                                  ("WeChat", Decimal("50.00"), Decimal("15000.00")),
                                  ("Stores", Decimal("20.00"), None)]
    campaign.click(Action.OPEN_REPORTING_SETUP, "1")
    [opened] = campaign.standin.calls_to("views.open")
    box = next(block for block in opened["view"]["blocks"] if block.get("block_id") == Field.SOURCES)
    assert box["element"]["initial_value"] == "抖音 Douyin 30% ¥150000\nWeChat 50% ¥15000\nStores 20%"
    # Saving the box as shown keeps the plan.
    assert _save(campaign, box["element"]["initial_value"]) == {}
    assert _sources(campaign)[0] == ("抖音 Douyin", Decimal("30.00"), Decimal("150000.00"))


def test_names_without_a_plan_keep_working(campaign: BotHarness) -> None:
    assert _save(campaign, "WeChat, Douyin\nStores") == {}
    assert _sources(campaign) == [("WeChat", None, None), ("Douyin", None, None), ("Stores", None, None)]


@pytest.mark.parametrize(
    ("sources", "says"),
    [
        ("Douyin 30%\nWeChat 60%", "Shares add up to 90%; make them 100%."),
        ("Douyin 70%\nWeChat 40%", "Shares add up to 110%; make them 100%."),
        ("Douyin 130%", "Douyin 130%: a share is between 0% and 100%."),
        ("Douyin -10%\nWeChat 110%", "Douyin -10%: a share is between 0% and 100%."),
        ("Douyin 60% ¥150,000\nWeChat 40% ¥60,000",
         "Source budgets add up to ¥210,000, more than the campaign budget ¥200,000."),
        ("Douyin 30% 40%\nWeChat 30%", "Douyin 30% 40%: give one share per source."),
        ("30% ¥5,000", "“30% ¥5,000”: write the source’s name before its share and budget."),
        ("Douyin ¥-5", "Douyin ¥-5: a budget cannot be negative."),
    ],
)
def test_a_bad_plan_is_refused_on_the_field_and_nothing_is_saved(campaign: BotHarness, sources: str,
                                                                 says: str) -> None:
    assert _save(campaign, "WeChat\nDouyin") == {}
    body = _save(campaign, sources)
    assert body["response_action"] == "errors" and body["errors"][Field.SOURCES] == says
    assert _sources(campaign) == [("WeChat", None, None), ("Douyin", None, None)]


def test_refusals_in_chinese(campaign: BotHarness) -> None:
    campaign.command("language zh-Hant")
    body = _save(campaign, "抖音 30%\nLINE 60%")
    assert body["errors"][Field.SOURCES] == "各通路佔比合計 90%，請調整為 100%。"


def test_adding_task_owners_as_reporters_keeps_the_plan(campaign: BotHarness) -> None:
    assert _save(campaign, "Douyin 30% ¥30,000\nWeChat 70%") == {}
    campaign.click(Action.ADD_OWNERS_AS_REPORTERS, "1")
    assert _sources(campaign) == [("Douyin", Decimal("30.00"), Decimal("30000.00")), ("WeChat", Decimal("70.00"), None)]
