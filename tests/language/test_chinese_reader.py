"""A user whose Slack locale is Chinese reads the bot in Chinese (README.md, "Languages")."""

from __future__ import annotations

import json

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from tests.support import payloads
from tests.support.harness import BotHarness, response_json


def _labels(view: dict) -> str:
    return " | ".join(block["label"]["text"] for block in view["blocks"] if block["type"] == "input")


def test_new_campaign_modal_in_chinese(bot: BotHarness) -> None:
    bot.standin.add_user("U_ZH", locale="zh-CN")
    bot.command("new", user="U_ZH")
    labels = _labels(bot.standin.calls_to("views.open")[0]["view"])
    for word in ("名称", "主题", "开始", "结束", "负责人", "频道", "预算", "曝光量", "点击量", "参与人数",
                 "转化数", "销售额", "时区"):
        assert word in labels, word
    assert "Name" not in labels


def test_english_users_keep_english_in_the_same_workspace(bot: BotHarness) -> None:
    bot.standin.add_user("U_ZH", locale="zh-CN")
    bot.standin.add_user("U_EN", locale="en-US")
    assert "/campaign new" in bot.command("help", user="U_ZH").text
    zh_help, en_help = bot.command("help", user="U_ZH").text, bot.command("help", user="U_EN").text
    assert zh_help != en_help and "plan a new campaign" in en_help


def test_report_and_incident_modals_in_chinese(bot: BotHarness) -> None:
    bot.standin.add_user("U_ZH", locale="zh-CN")
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(owner="U_ZH"), user="U_ZH").text == ""
    bot.approve("1")
    bot.command("report", user="U_ZH")
    bot.command("incident", user="U_ZH")
    report, incident = (call["view"] for call in bot.standin.calls_to("views.open"))
    for word in ("日期", "曝光量", "点击量", "参与人数", "转化数", "销售额", "花费", "用户反馈"):
        assert word in _labels(report), word
    for word in ("类型", "严重程度", "描述"):
        assert word in _labels(incident), word


def test_import_modal_and_errors_in_chinese(bot: BotHarness) -> None:
    bot.standin.add_user("U_ZH", locale="zh-CN")
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(owner="U_ZH"), user="U_ZH").text == ""
    bot.command("import", user="U_ZH")
    assert "表" in _labels(bot.standin.calls_to("views.open")[0]["view"])
    body = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text="负责人\n张三\n"), user="U_ZH",
                                    private_metadata=ModalMetadata(campaign_id=1).dump()))
    message = json.dumps(body["errors"], ensure_ascii=False)
    assert "任务" in message and "task column" not in message
