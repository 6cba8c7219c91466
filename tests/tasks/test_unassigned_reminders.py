"""An unassigned task's reminders go to the campaign's owner, once per stage. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenario_clock import Scenario, at
from tests.support.scenarios import new_campaign

TABLE = "任务\t负责人\t完成时间\t阶段\n主视觉设计\t不认识的人\t5月13日\t预热期\n"


@pytest.fixture
def unassigned(bot: BotHarness) -> Scenario:
    new_campaign(bot, warmup=at("05-01 00:00").date(), burst=at("05-11 00:00").date(), approve=True)
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE),
                                       private_metadata=ModalMetadata(campaign_id=1).dump()))
    confirmed = bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(unassigned=True),
                           private_metadata=preview["view"]["private_metadata"])
    assert response_json(confirmed)["response_action"] == "update"  # "Importing…", then the result
    bot.standin.reset_calls()
    return Scenario(bot)


def test_the_campaign_owner_is_reminded_once_per_stage(unassigned: Scenario) -> None:
    for when in ("05-10 09:00", "05-13 09:00", "05-15 09:00"):
        unassigned.tick(when)
    texts = unassigned.dms("U_OWNER")
    assert len(texts) == 3, texts  # no second "overdue" note to the same person
    assert "*主视觉设计* (Spring Sale) is due in 3 days" in texts[0]
    assert "due today" in texts[1] and "2 days overdue" in texts[2]
    assert not any("<@None>" in text for text in texts)
