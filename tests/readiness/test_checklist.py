"""`/campaign checklist` (准备清单) end to end: the seeded items, Done / Undo with the card's "Ready n/m", Add item and
its refusals, `/campaign status` and App Home."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import INPUT, Action, Field, View
from storage.models import ChecklistItem
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

SEEDED = ["Materials checked (物料验收)", "Registration page / H5 / lottery tested", "Emergency plan confirmed",
          "Backup equipment ready", "Staff briefed"]


def _items(bot: BotHarness) -> list[ChecklistItem]:
    with bot.session() as session:
        return list(session.scalars(select(ChecklistItem).order_by(ChecklistItem.id)))


def _card_posts(bot: BotHarness) -> list[str]:
    """Every state of the campaign card: its post and its edits, as text."""
    posts = [call for call in bot.standin.calls_to("chat.postMessage") + bot.standin.calls_to("chat.update")
             if call["channel"] == payloads.CHANNEL and "campaign-readiness-1" in json.dumps(call.get("blocks"))]
    return [json.dumps(call["blocks"], ensure_ascii=False) for call in posts]


def _item_values(title: str = "", owner: str | None = None, due: str | None = None) -> dict[str, Any]:
    return {
        Field.CHECKLIST_TITLE: {INPUT: {"type": "plain_text_input", "value": title or None}},
        Field.CHECKLIST_OWNER: {INPUT: {"type": "users_select", "selected_user": owner}},
        Field.CHECKLIST_DUE: {INPUT: {"type": "datepicker", "selected_date": due}},
    }


def test_checklist_shows_the_handbooks_items_with_owner_due_day_and_done(bot: BotHarness) -> None:
    new_campaign(bot)
    answer = response_json(bot.command("checklist"))
    text = json.dumps(answer["blocks"], ensure_ascii=False)
    assert "Readiness list · Spring Sale" in text and "Ready 0/5" in text
    for title in SEEDED:
        assert title in text
    # 物料验收 three days before the May 1 start, the campaign's owner answering for it.
    materials = next(block for block in answer["blocks"] if "物料验收" in json.dumps(block, ensure_ascii=False))
    assert "<@U_OWNER>" in materials["text"]["text"] and "Apr 28, 2026" in materials["text"]["text"]
    assert materials["accessory"]["action_id"] == Action.CHECKLIST_DONE
    assert Action.CHECKLIST_ADD in text
    assert [item.key for item in _items(bot)] == ["materials_checked", "registration_tested",
                                                 "emergency_plan_confirmed", "backup_equipment_ready",
                                                 "staff_briefed"]
    # The card posted with the campaign says how ready it is.
    assert any("Ready 0/5" in card for card in _card_posts(bot))


def test_chinese_aliases_in_either_script_and_titles_in_the_readers_language(bot: BotHarness) -> None:
    bot.standin.add_user("U_ZH", locale="zh-CN")
    bot.standin.add_user("U_TW", locale="zh-TW")
    new_campaign(bot)
    simplified = json.dumps(response_json(bot.command("清单", user="U_ZH"))["blocks"], ensure_ascii=False)
    assert "准备清单 · Spring Sale" in simplified and "就绪 0/5" in simplified and "备用设备到位" in simplified
    traditional = json.dumps(response_json(bot.command("準備清單", user="U_TW"))["blocks"], ensure_ascii=False)
    assert "準備清單 · Spring Sale" in traditional and "就緒 0/5" in traditional and "應變計畫確認" in traditional


def test_done_ticks_the_item_and_the_card_says_ready_n_of_m_then_undo(bot: BotHarness) -> None:
    new_campaign(bot)
    blocks = response_json(bot.command("checklist"))["blocks"]
    first = _items(bot)[0].id
    bot.standin.reset_calls()
    response_url = bot.standin.url + "response"
    bot.click(Action.CHECKLIST_DONE, str(first), is_ephemeral=True, response_url=response_url, message_blocks=blocks)
    assert _items(bot)[0].done_at is not None and _items(bot)[0].done_by == "U_OWNER"
    [answer] = bot.standin.calls_to("response")
    shown = json.dumps(answer["blocks"], ensure_ascii=False)
    assert answer["replace_original"] is True and "Ready 1/5" in shown and "✅" in shown
    assert Action.CHECKLIST_UNDO in shown
    assert any("Ready 1/5" in card for card in _card_posts(bot))  # the card edited in place

    bot.standin.reset_calls()
    bot.click(Action.CHECKLIST_UNDO, str(first), is_ephemeral=True, response_url=response_url,
              message_blocks=answer["blocks"])
    assert _items(bot)[0].done_at is None
    assert any("Ready 0/5" in card for card in _card_posts(bot))


def test_someone_else_cannot_tick_an_item(bot: BotHarness) -> None:
    new_campaign(bot)
    first = _items(bot)[0].id
    bot.standin.add_user("U_OTHER")
    bot.click(Action.CHECKLIST_DONE, str(first), user="U_OTHER")
    assert _items(bot)[0].done_at is None
    [refusal] = bot.standin.calls_to("chat.postEphemeral")
    assert "Only the item's owner" in refusal["text"]


def test_add_item_refuses_a_missing_title_and_a_due_day_out_of_range_then_adds(bot: BotHarness) -> None:
    new_campaign(bot)
    bot.click(Action.CHECKLIST_ADD, "1")
    [opened] = bot.standin.calls_to("views.open")
    labels = [block["label"]["text"] for block in opened["view"]["blocks"] if block["type"] == "input"]
    assert labels == ["Title", "Owner", "Due"]
    metadata = opened["view"]["private_metadata"]

    missing = response_json(bot.submit(View.CHECKLIST_ITEM, _item_values(due="2026-04-29"), private_metadata=metadata))
    assert missing["response_action"] == "errors" and Field.CHECKLIST_TITLE in missing["errors"]
    late = response_json(bot.submit(View.CHECKLIST_ITEM, _item_values("Stage sound check", due="2026-06-05"),
                                    private_metadata=metadata))
    assert late["response_action"] == "errors"
    assert "Pick a day from" in late["errors"][Field.CHECKLIST_DUE]
    early = response_json(bot.submit(View.CHECKLIST_ITEM, _item_values("Stage sound check", due="2025-12-01"),
                                     private_metadata=metadata))
    assert Field.CHECKLIST_DUE in early["errors"]
    assert len(_items(bot)) == 5  # nothing saved from a refused form

    bot.standin.add_user("U_WANG")
    assert bot.submit(View.CHECKLIST_ITEM, _item_values("Stage sound check", owner="U_WANG", due="2026-04-30"),
                      private_metadata=metadata).text == ""
    added = _items(bot)[-1]
    assert (added.key, added.title, added.owner_id, str(added.due_date)) == (None, "Stage sound check", "U_WANG",
                                                                           "2026-04-30")
    assert any("Ready 0/6" in card for card in _card_posts(bot))
    text = json.dumps(response_json(bot.command("checklist"))["blocks"], ensure_ascii=False)
    assert "Stage sound check" in text and "<@U_WANG>" in text


def test_only_the_owner_may_add_items(bot: BotHarness) -> None:
    new_campaign(bot)
    bot.standin.add_user("U_OTHER")
    bot.click(Action.CHECKLIST_ADD, "1", user="U_OTHER")
    assert bot.standin.calls_to("views.open") == []
    answer = response_json(bot.submit(View.CHECKLIST_ITEM, _item_values("Sneaky"), user="U_OTHER",
                                      private_metadata=ModalMetadata(campaign_id=1).dump()))
    assert answer["response_action"] == "errors" and "Only the owner" in answer["errors"][Field.CHECKLIST_TITLE]
    assert len(_items(bot)) == 5


def test_a_campaign_from_before_the_checklist_is_seeded_when_first_looked_at(bot: BotHarness) -> None:
    new_campaign(bot)
    with bot.session() as session:
        session.execute(delete(ChecklistItem))
    status = json.dumps(response_json(bot.command("status"))["blocks"], ensure_ascii=False)
    assert "Ready" not in status  # nothing to count yet
    text = json.dumps(response_json(bot.command("checklist"))["blocks"], ensure_ascii=False)
    assert "Ready 0/5" in text and len(_items(bot)) == 5
    bot.command("checklist")
    assert len(_items(bot)) == 5  # once


def test_status_and_app_home_show_ready_n_of_m(bot: BotHarness) -> None:
    new_campaign(bot)
    bot.click(Action.CHECKLIST_DONE, str(_items(bot)[1].id))
    status = json.dumps(response_json(bot.command("status"))["blocks"], ensure_ascii=False)
    assert "Ready 1/5" in status
    opened = payloads.app_home_opened("U_OWNER")
    bot.post(opened, payloads.json_headers(opened))
    [home] = bot.standin.calls_to("views.publish")
    assert "Ready 1/5" in json.dumps(home["view"], ensure_ascii=False)
