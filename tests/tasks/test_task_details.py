"""Task DMs, `/campaign tasks` and `tasks all` show 协作部门 / 交付标准 / 备注 from the imported table."""

from __future__ import annotations

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from storage.models import Campaign
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.hostile import mrkdwn_texts

TABLE = ("任务\t负责人\t协作部门\t完成时间\t交付标准\t备注\n"
         "主视觉设计\t@Wang Fang\t设计组\t5月10日\t市场经理审核\t参考去年 <b>版本</b>\n")


def _texts(blocks: list) -> str:
    return "\n".join(mrkdwn_texts(blocks))


def test_task_details_are_shown_everywhere_a_task_is(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    with bot.session() as session:
        campaign_id = session.scalars(select(Campaign.id)).one()
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE),
                                       private_metadata=ModalMetadata(campaign_id=campaign_id).dump()))
    bot.standin.reset_calls()
    bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(), private_metadata=preview["view"]["private_metadata"])
    [dm] = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_WANG"]
    mine = response_json(bot.command("tasks", user="U_WANG"))
    table = response_json(bot.command("tasks all"))
    for where, blocks in (("dm", dm["blocks"]), ("mine", mine["blocks"]), ("all", table["blocks"])):
        text = _texts(blocks)
        assert "设计组" in text and "市场经理审核" in text, where
        assert "参考去年 &lt;b&gt;版本&lt;/b&gt;" in text, where
    assert "With: 设计组" in _texts(dm["blocks"]) and "Deliverable: 市场经理审核" in _texts(dm["blocks"])
