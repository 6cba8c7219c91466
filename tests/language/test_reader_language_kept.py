"""A reader's language is kept — a message re-rendered after a button keeps the language of the person it
was written for, and a campaign speaks its own language in its channel (default: the owner's)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from scheduler.passes import run_due
from storage.models import Campaign, OutboxMessage
from tests.review.test_review import REVIEW_AT, at, ended  # noqa: F401  (`ended` is a fixture)
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTED = datetime(2026, 5, 6, 14, 0, tzinfo=SHANGHAI)


def _buttons(blocks: list[dict[str, Any]]) -> list[str]:
    return [e["text"]["text"] for b in blocks if b["type"] == "actions" for e in b["elements"]]


# --- the incident DM keeps its reader's language ------------------------------------------------------------------

def _wang_fang_is_paged(bot: BotHarness) -> dict[str, Any]:
    bot.standin.add_user("U_WANG", locale="zh-CN", real_name="王芳")
    campaign_id = new_campaign(bot, language="")
    meta = ModalMetadata(campaign_id=campaign_id, channel_id=payloads.CHANNEL).dump()
    bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders={"equipment": "U_WANG"}), private_metadata=meta)
    bot.clock.set(REPORTED)
    bot.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REPORTER", private_metadata=meta)
    [dm] = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_WANG"]
    assert "确认" in _buttons(dm["blocks"])  # written for 王芳, in Chinese
    return dm


def test_wang_fang_confirms_in_her_chinese_dm_and_it_stays_chinese(bot: BotHarness) -> None:
    dm = _wang_fang_is_paged(bot)
    with bot.session() as session:
        sent = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "U_WANG")).one()
        card = session.scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key == "incident:1:card")).one()
    bot.standin.reset_calls()
    bot.clock.set(REPORTED + timedelta(minutes=2))
    bot.click(Action.INCIDENT_ACKNOWLEDGE, "1", user="U_WANG", channel="D_WANG", message_ts=sent.message_ts,
              message_blocks=dm["blocks"])
    updates = {update["channel"]: update for update in bot.standin.calls_to("chat.update")}
    in_dm = updates["D_WANG"]
    assert in_dm["ts"] == sent.message_ts
    assert "解决" in _buttons(in_dm["blocks"]) and "Resolve" not in json.dumps(in_dm["blocks"])
    assert in_dm["blocks"][0] == dm["blocks"][0]  # under the words it was sent with
    # The channel card was written for the channel (the owner's English here) and stays so.
    in_channel = updates[payloads.CHANNEL]
    assert in_channel["ts"] == card.message_ts
    assert "Resolve" in _buttons(in_channel["blocks"])


# --- the campaign's own language ------------------------------------------------------------------------------------

def test_the_modal_offers_the_campaign_languages_blank_meaning_the_owners(bot: BotHarness) -> None:
    bot.command("new")
    view = bot.standin.calls_to("views.open")[0]["view"]
    block = next(block for block in view["blocks"] if block.get("block_id") == Field.LANGUAGE)
    assert block["label"]["text"] == "Language" and block["optional"] is True
    assert [option["text"]["text"] for option in block["element"]["options"]] == [
        "English", "简体中文 (Simplified Chinese)", "繁體中文 (Traditional Chinese)"]
    assert [option["value"] for option in block["element"]["options"]] == ["en", "zh-CN", "zh-TW"]
    assert "initial_option" not in block["element"]


def test_a_chinese_campaign_of_an_english_owner_speaks_chinese_in_its_channel(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot, language="zh-CN")
    with bot.session() as session:
        assert session.get(Campaign, campaign_id).language == "zh-CN"  # type: ignore[union-attr]
    [post] = bot.standin.calls_to("chat.postMessage")
    assert "审批通过" in _buttons(post["blocks"])
    bot.approve(str(campaign_id))  # the admin reads English
    [update] = bot.standin.calls_to("chat.update")
    assert "Approved by" not in json.dumps(update["blocks"]) and "审批通过" in json.dumps(update["blocks"],
                                                                                          ensure_ascii=False)


def test_without_a_language_the_card_follows_the_owner_not_the_clicker(bot: BotHarness) -> None:
    bot.standin.add_user("U_ADMIN_ZH", locale="zh-CN", is_admin=True)
    campaign_id = new_campaign(bot, language="")
    bot.click(Action.APPROVE_CAMPAIGN, str(campaign_id), user="U_ADMIN_ZH")
    [update] = bot.standin.calls_to("chat.update")
    assert "Approved by <@U_ADMIN_ZH>" in json.dumps(update["blocks"])


def test_an_unknown_language_is_refused_on_its_field(bot: BotHarness) -> None:
    response = bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(language="klingon"))
    assert response.json()["errors"][Field.LANGUAGE].startswith("“klingon”")
    with bot.session() as session:
        assert session.scalars(select(Campaign)).all() == []


def test_the_editor_shows_the_stored_language_and_can_change_it(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot, language="zh-TW")
    bot.click(Action.EDIT_CAMPAIGN, str(campaign_id), user="U_OWNER")
    [opened] = bot.standin.calls_to("views.open")
    view = opened["view"]
    block = next(block for block in view["blocks"] if block.get("block_id") == Field.LANGUAGE)
    assert block["element"]["initial_option"]["value"] == "zh-TW"
    bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(language="en"), private_metadata=view["private_metadata"])
    with bot.session() as session:
        assert session.get(Campaign, campaign_id).language == "en"  # type: ignore[union-attr]


# --- the campaign's language in its summary, review, PDF and Close ------------------------------------------------

def _in_chinese(bot: BotHarness) -> None:
    with bot.session() as session:
        for campaign in session.scalars(select(Campaign)):
            campaign.language = "zh-CN"  # the owner (U_OWNER) reads English


def _channel_texts(bot: BotHarness) -> list[str]:
    return [post["text"] for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]


def test_a_chinese_campaign_posts_its_daily_summary_in_chinese(ended: BotHarness) -> None:  # noqa: F811
    bot = ended
    _in_chinese(bot)
    bot.standin.reset_calls()
    bot.clock.set(at(10, 21))
    run_due(bot.services, at(10, 21))
    texts = _channel_texts(bot)
    assert any(text.startswith("Spring Sale") and "活动日报" in text for text in texts), texts


def test_a_chinese_campaign_posts_its_review_and_pdf_in_chinese_and_close_keeps_it(
        ended: BotHarness) -> None:  # noqa: F811
    bot = ended
    _in_chinese(bot)
    bot.clock.set(REVIEW_AT)
    run_due(bot.services, REVIEW_AT)
    [review] = [post for post in bot.standin.calls_to("chat.postMessage")
                if post["channel"] == payloads.CHANNEL and "复盘" in post["text"]]
    comments = [call.get("initial_comment", "") for call in bot.standin.calls_to("files.completeUploadExternal")]
    assert any("完整复盘报告（PDF）" in comment for comment in comments), comments
    bot.standin.reset_calls()
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_OWNER", message_blocks=review["blocks"])
    assert any(text.startswith("✅ <@U_OWNER> 结束了 *Spring Sale* 活动。") for text in _channel_texts(bot))
    updated = next(call for call in bot.standin.calls_to("chat.update")
                   if any(b.get("block_id") == "review-actions-1" for b in call["blocks"]))
    closed = next(b for b in updated["blocks"] if b.get("block_id") == "review-actions-1")
    assert closed["elements"][0]["text"] == "✅ <@U_OWNER> 已结束活动。"
