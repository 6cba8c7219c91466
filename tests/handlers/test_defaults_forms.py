"""Issue 17: forms start from the person — the new-campaign modal in the creator's Slack time zone; the report
modal on the reporter's last source, with the figures of a day already reported; receipts repeat the figures."""

from __future__ import annotations

from typing import Any

from bot.ids import Action, Field
from tests.support import payloads
from tests.support.harness import BotHarness


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
