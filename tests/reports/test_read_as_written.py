"""Read as people write, the daily report: warnings quote figures as typed; the backfill hint in Chinese
says earlier days of the campaign, not days before it."""

from __future__ import annotations

import json
from zoneinfo import ZoneInfo

import pytest

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Field, View
from tests.support import payloads, scenarios
from tests.support.harness import BotHarness, response_json

SHANGHAI = ZoneInfo("Asia/Shanghai")
METADATA = ModalMetadata(campaign_id=1).dump()


@pytest.fixture
def running(bot: BotHarness) -> BotHarness:
    reporters = {"U_REP": {"tz": "Asia/Shanghai"}, "U_ZH": {"tz": "Asia/Shanghai", "locale": "zh-CN"}}
    scenarios.running(bot, reporters=reporters, sources="WeChat")
    return bot


@pytest.mark.parametrize(("exposure", "clicks", "says"), [
    ("60,000", "80,000", "Clicks (80,000) are higher than exposure (60,000)"),
    ("6万", "8万", "Clicks (8万) are higher than exposure (6万)"),
])
def test_a_warning_quotes_the_figures_as_typed(running: BotHarness, exposure: str, clicks: str, says: str) -> None:
    body = response_json(running.submit(View.DAILY_REPORT, payloads.report_values(source="WeChat", exposure=exposure,
                                                                                  clicks=clicks),
                                        user="U_REP", private_metadata=METADATA))
    text = json.dumps(body["view"]["blocks"], ensure_ascii=False)
    assert says in text and "80000" not in text and "60000" not in text


def test_the_backfill_hint_means_earlier_days_of_the_campaign(running: BotHarness) -> None:
    running.command("report", user="U_ZH")
    view = running.standin.calls_to("views.open")[0]["view"]
    day = next(block for block in view["blocks"] if block.get("block_id") == Field.REPORT_DAY)
    hint = day["hint"]["text"]
    assert "补填" in hint and "活动中更早的日期" in hint and "之前" not in hint
