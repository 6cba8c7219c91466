"""Forms start from the person — the new-campaign modal in the creator's Slack time zone; the report
modal on the reporter's last source, with the figures of a day already reported; receipts repeat the figures."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import INPUT, Action, Field, View
from storage.models import Campaign
from tests.support import payloads, scenarios
from tests.support.harness import BotHarness
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _timezone_of(view: dict[str, Any]) -> str:
    block = next(block for block in view["blocks"] if block.get("block_id") == Field.TIMEZONE)
    return block["element"]["initial_option"]["value"]


def test_new_campaign_starts_in_the_creators_slack_time_zone(bot: BotHarness) -> None:
    bot.standin.add_user("U_NY", tz="America/New_York")
    bot.command("new", user="U_NY")
    assert _timezone_of(bot.standin.calls_to("views.open")[0]["view"]) == "America/New_York"


def test_from_the_home_tab_too(bot: BotHarness) -> None:
    bot.standin.add_user("U_LONDON", tz="Europe/London")
    bot.post(payloads.home_action(Action.HOME_NEW_CAMPAIGN, "new", user="U_LONDON"))
    assert _timezone_of(bot.standin.calls_to("views.open")[0]["view"]) == "Europe/London"


def test_without_a_slack_time_zone_the_workspace_default(bot: BotHarness) -> None:
    bot.standin.add_user("U_NOWHERE", tz=None)
    bot.command("new", user="U_NOWHERE")
    assert _timezone_of(bot.standin.calls_to("views.open")[0]["view"]) == "Asia/Shanghai"


# --- the report modal and its receipt ----------------------------------------------------------------------------

METADATA = ModalMetadata(campaign_id=1).dump()


@pytest.fixture
def running(bot: BotHarness) -> BotHarness:
    """An approved campaign, May 2026, with a reporter and three sources; today is May 5."""
    scenarios.running(bot, reporters={"U_REP": {"tz": "Asia/Shanghai"}}, sources="WeChat\nDouyin\nStores")
    return bot


def _submit(bot: BotHarness, **values: Any) -> None:
    response = bot.submit(View.DAILY_REPORT, payloads.report_values(**values), user="U_REP",
                          private_metadata=METADATA)
    assert response.text == "", response.text


def _opened(bot: BotHarness) -> dict[str, dict[str, Any]]:
    bot.standin.reset_calls()
    bot.command("report", user="U_REP")
    [opened] = bot.standin.calls_to("views.open")
    return {block.get("block_id"): block["element"] for block in opened["view"]["blocks"] if block["type"] == "input"}


def test_the_report_modal_starts_on_the_reporters_last_source(running: BotHarness) -> None:
    assert _opened(running)[Field.REPORT_SOURCE]["initial_option"]["value"] == "WeChat"  # nothing yet: the first
    _submit(running, day=date(2026, 5, 4), source="Douyin", exposure="500")
    elements = _opened(running)
    assert elements[Field.REPORT_SOURCE]["initial_option"]["value"] == "Douyin"
    assert elements[Field.REPORT_DAY]["initial_date"] == "2026-05-05"
    assert "initial_value" not in elements[Field.EXPOSURE]  # May 5 on Douyin is not reported yet: blank


def test_reopening_a_day_already_reported_shows_its_figures(running: BotHarness) -> None:
    _submit(running, source="Stores", exposure="1.2万", clicks="3.5k", sales="¥12,345.60", spend="5000",
            feedback="包装很好", feedback_type="praise", budget_line="materials")
    elements = _opened(running)
    assert elements[Field.REPORT_SOURCE]["initial_option"]["value"] == "Stores"
    assert elements[Field.EXPOSURE]["initial_value"] == "12000"
    assert elements[Field.CLICKS]["initial_value"] == "3500"
    assert elements[Field.SALES]["initial_value"] == "12345.6"
    assert elements[Field.SPEND]["initial_value"] == "5000"
    assert "initial_value" not in elements[Field.PARTICIPANTS]
    assert elements[Field.FEEDBACK]["initial_value"] == "包装很好"
    assert elements[Field.FEEDBACK_TYPE]["initial_option"]["value"] == "praise"
    assert elements[Field.REPORT_BUDGET_LINE]["initial_option"]["value"] == "materials"


def test_the_receipt_repeats_the_figures_saved(running: BotHarness) -> None:
    _submit(running, source="WeChat", exposure="1.2万", clicks="3.5k", sales="¥12,345.60")
    [receipt] = running.standin.calls_to("chat.postMessage")
    assert receipt["channel"] == "U_REP"
    assert "Saved: exposure 12,000 · clicks 3,500 · sales ¥12,345.60" in receipt["text"]


# --- `/campaign report` with several campaigns -----------------------------------------------------------------------

def _two_running(bot: BotHarness) -> None:
    new_campaign(bot)
    new_campaign(bot, name="Autumn Fair", channel="C_AUTUMN")
    new_campaign(bot, name="Not Mine", owner="U_OTHER", channel="C_OTHER")
    with bot.session() as session:
        for campaign in session.scalars(select(Campaign)):
            campaign.status = "running"
    bot.clock.set(datetime(2026, 5, 5, 18, 0, tzinfo=SHANGHAI))
    bot.standin.add_user("U_OTHER")
    # Someone else's campaign with reporters of its own is not the owner's to report for.
    bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_OTHER"]), user="U_OTHER",
               private_metadata=ModalMetadata(campaign_id=3).dump())
    bot.standin.reset_calls()


def test_report_from_elsewhere_offers_the_persons_campaigns_to_pick(bot: BotHarness) -> None:
    _two_running(bot)
    response = bot.command("report", channel="D_OWNER")
    assert response.status_code == 200 and "campaign" not in response.text.lower()
    [opened] = bot.standin.calls_to("views.open")
    view = opened["view"]
    assert view["callback_id"] == View.PICK_REPORT_CAMPAIGN
    [picker] = [block for block in view["blocks"] if block.get("block_id") == Field.REPORT_CAMPAIGN]
    assert sorted(option["text"]["text"] for option in picker["element"]["options"]) == ["Autumn Fair", "Spring Sale"]
    autumn = next(o["value"] for o in picker["element"]["options"] if o["text"]["text"] == "Autumn Fair")
    picked = bot.submit(View.PICK_REPORT_CAMPAIGN, {Field.REPORT_CAMPAIGN: {INPUT: {
        "type": "static_select", "selected_option": {"value": autumn}}}})
    body = picked.json()
    assert body["response_action"] == "update" and body["view"]["callback_id"] == View.DAILY_REPORT
    assert "Autumn Fair" in str(body["view"]["blocks"])


def test_in_a_campaign_channel_the_channels_campaign_opens_at_once(bot: BotHarness) -> None:
    _two_running(bot)
    bot.command("report", channel="C_AUTUMN")
    [opened] = bot.standin.calls_to("views.open")
    assert opened["view"]["callback_id"] == View.DAILY_REPORT and "Autumn Fair" in str(opened["view"]["blocks"])


def test_a_name_that_matches_nothing_is_still_refused(bot: BotHarness) -> None:
    _two_running(bot)
    response = bot.command("report Winter", channel="D_OWNER")
    assert "Winter" in response.text and bot.standin.calls_to("views.open") == []
