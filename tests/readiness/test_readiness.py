"""Readiness and follow-through on the scheduler's clock: checklist reminders the day before, the start-day post's
open items, a milestone's Done / Missed on its day, a missed milestone told the next morning, and the review's
key milestones."""

from __future__ import annotations

import io
import json
from typing import Any

import openpyxl
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import INPUT, Action, Field, View
from storage.models import ChecklistItem, Milestone
from tests.support import payloads
from tests.support.harness import response_json
from tests.support.scenario_clock import Scenario


def _items(scenario: Scenario) -> list[ChecklistItem]:
    with scenario.bot.session() as session:
        return list(session.scalars(select(ChecklistItem).order_by(ChecklistItem.id)))


def _milestone(scenario: Scenario, name: str) -> Milestone:
    with scenario.bot.session() as session:
        return session.scalars(select(Milestone).where(Milestone.name == name)).one()


def _add_milestone(scenario: Scenario, name: str, day: str, owner: str | None) -> Any:
    values = {
        Field.MILESTONE_NAME: {INPUT: {"type": "plain_text_input", "value": name}},
        Field.MILESTONE_DATE: {INPUT: {"type": "datepicker", "selected_date": day}},
        Field.MILESTONE_OWNER: {INPUT: {"type": "users_select", "selected_user": owner}},
    }
    return scenario.bot.submit(View.NEW_MILESTONE, values,
                               private_metadata=ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump())


def test_an_items_owner_is_reminded_the_day_before_its_due_day_once(scenario: Scenario) -> None:
    # 物料验收 is due Apr 28 (three days before the May 1 start): its owner hears of it Apr 27 at 09:00, Shanghai.
    scenario.tick("04-27 08:59")
    assert not any("Materials checked" in text for text in scenario.dms("U_OWNER"))
    scenario.tick("04-27 09:00")
    [reminder] = [text for text in scenario.dms("U_OWNER") if "Materials checked" in text]
    assert "due tomorrow" in reminder
    [post] = [call for call in scenario.bot.standin.calls_to("chat.postMessage") if call["text"] == reminder]
    assert Action.CHECKLIST_DONE in json.dumps(post["blocks"])
    scenario.tick("04-27 09:00")
    scenario.tick("04-28 09:00")
    assert len([text for text in scenario.dms("U_OWNER") if "Materials checked" in text]) == 1


def test_a_done_item_is_not_reminded_and_done_from_the_reminder_updates_it(scenario: Scenario) -> None:
    bot = scenario.bot
    staff = next(item for item in _items(scenario) if item.key == "staff_briefed")
    bot.click(Action.CHECKLIST_DONE, str(staff.id))
    scenario.tick("04-29 09:00")  # backup equipment and staff briefing are both due Apr 30
    reminders = [text for text in scenario.dms("U_OWNER") if "due tomorrow" in text]
    assert any("Backup equipment ready" in text for text in reminders)
    assert not any("Staff briefed" in text for text in reminders)
    backup = next(item for item in _items(scenario) if item.key == "backup_equipment_ready")
    bot.standin.reset_calls()
    bot.click(Action.CHECKLIST_DONE, str(backup.id), channel="D_OWNER", message_ts="1700000009.000100")
    [update] = bot.standin.calls_to("chat.update")[-1:]
    assert update["channel"] == "D_OWNER" and "✅" in json.dumps(update["blocks"], ensure_ascii=False)


def test_the_start_day_post_names_the_items_still_open(scenario: Scenario) -> None:
    bot = scenario.bot
    for item in _items(scenario)[:3]:
        bot.click(Action.CHECKLIST_DONE, str(item.id))
    scenario.tick("05-01 00:00")
    [start] = [text for text in scenario.channel() if "starts today" in text]
    assert "Not ready yet (2 of 5)" in start
    assert "Backup equipment ready" in start and "Staff briefed" in start and "Materials checked" not in start


def test_milestone_owner_from_the_modal_and_from_the_import(scenario: Scenario) -> None:
    bot = scenario.bot
    bot.click(Action.ADD_MILESTONE, "1")
    labels = [block["label"]["text"] for block in bot.standin.calls_to("views.open")[-1]["view"]["blocks"]
              if block["type"] == "input"]
    assert labels == ["Name", "Date", "Owner"]
    assert _add_milestone(scenario, "素材确认", "2026-05-20", "U_WANG").text == ""
    assert _milestone(scenario, "素材确认").owner_id == "U_WANG"
    refused = response_json(_add_milestone(scenario, "Too late", "2026-08-01", "U_WANG"))
    assert refused["response_action"] == "errors" and Field.MILESTONE_DATE in refused["errors"]

    table = "任务\t负责人\t完成时间\t阶段\n数据截止\tWang Fang\t5月25日\t里程碑\n"
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=table),
                                       private_metadata=ModalMetadata(campaign_id=1).dump()))
    bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(), private_metadata=preview["view"]["private_metadata"])
    assert _milestone(scenario, "数据截止").owner_id == "U_WANG"


def test_on_its_day_the_reminder_has_done_and_missed_and_done_marks_it_hit(scenario: Scenario) -> None:
    bot = scenario.bot
    scenario.tick("05-15 09:00")
    [post] = [call for call in bot.standin.calls_to("chat.postMessage")
              if call["channel"] == payloads.CHANNEL and "Today is milestone" in call["text"]]
    actions = [element["action_id"] for block in post["blocks"] if block["type"] == "actions"
               for element in block["elements"]]
    assert actions == [Action.MILESTONE_DONE, Action.MILESTONE_MISSED]
    milestone_id = _milestone(scenario, "上线日").id
    bot.click(Action.MILESTONE_DONE, str(milestone_id), message_blocks=post["blocks"])
    saved = _milestone(scenario, "上线日")
    assert saved.state == "done" and saved.done_by == "U_OWNER" and saved.done_at is not None
    update = bot.standin.calls_to("chat.update")[-1]
    assert "Hit" in json.dumps(update["blocks"]) and Action.MILESTONE_DONE not in json.dumps(update["blocks"])
    bot.standin.reset_calls()
    scenario.tick("05-16 09:00")  # hit: nobody is told it was missed
    assert not any("missed" in text for text in scenario.dms("U_OWNER"))


def test_missed_button_and_someone_else_may_not_mark(scenario: Scenario) -> None:
    bot = scenario.bot
    milestone_id = _milestone(scenario, "上线日").id
    bot.standin.add_user("U_OTHER")
    bot.click(Action.MILESTONE_MISSED, str(milestone_id), user="U_OTHER")
    assert _milestone(scenario, "上线日").state == "open"
    bot.click(Action.MILESTONE_MISSED, str(milestone_id))
    assert _milestone(scenario, "上线日").state == "missed"


def test_a_milestone_still_open_the_next_morning_is_missed_and_both_owners_are_told_once(scenario: Scenario) -> None:
    assert _add_milestone(scenario, "素材确认", "2026-05-20", "U_WANG").text == ""
    scenario.tick("05-20 09:00")
    scenario.bot.standin.reset_calls()
    scenario.tick("05-21 08:59")
    assert _milestone(scenario, "素材确认").state == "open"
    scenario.tick("05-21 09:00")
    assert _milestone(scenario, "素材确认").state == "missed"
    [to_owner] = [text for text in scenario.dms("U_WANG") if "素材确认" in text]
    [to_campaign_owner] = [text for text in scenario.dms("U_OWNER") if "素材确认" in text]
    assert "was missed" in to_owner and "<@U_WANG> has been told" in to_campaign_owner
    scenario.tick("05-21 09:00")
    scenario.tick("05-22 09:00")
    assert len([text for text in scenario.dms("U_WANG") + scenario.dms("U_OWNER") if "素材确认" in text]) == 2


def test_the_review_lists_key_milestones_hit_and_missed(scenario: Scenario) -> None:
    bot = scenario.bot
    assert _add_milestone(scenario, "素材确认", "2026-05-20", "U_WANG").text == ""
    scenario.tick("05-15 09:00")
    bot.click(Action.MILESTONE_DONE, str(_milestone(scenario, "上线日").id))  # on its day: hit
    scenario.tick("05-21 09:00")  # 素材确认 missed
    scenario.tick("06-01 10:00")
    review = next(call for call in bot.standin.calls_to("chat.postMessage")
                  if any(block.get("block_id") == "review-milestones" for block in call.get("blocks") or []))
    [section] = [block for block in review["blocks"] if block.get("block_id") == "review-milestones"]
    text = section["text"]["text"]
    assert "*Key milestones*" in text and "1 hit, 1 missed, of 2" in text
    assert "*上线日* (May 15, 2026) — hit" in text and "done May 15, 2026" in text
    assert "*素材确认* (May 20, 2026) — missed · <@U_WANG>" in text


def test_the_workbook_lists_each_milestones_owner_and_outcome(scenario: Scenario) -> None:
    bot = scenario.bot
    assert _add_milestone(scenario, "素材确认", "2026-05-20", "U_WANG").text == ""
    scenario.tick("05-15 09:00")
    bot.click(Action.MILESTONE_DONE, str(_milestone(scenario, "上线日").id))
    scenario.tick("05-21 09:00")
    bot.command("export")
    [content] = bot.standin.uploads.values()
    rows = list(openpyxl.load_workbook(io.BytesIO(content))["Milestones"].values)
    assert rows[0] == ("Milestone", "Date", "Owner", "Outcome", "Done")
    assert [row[2:4] for row in rows[1:]] == [(None, "hit"), ("Wang Fang", "missed")]
    assert rows[1][4] is not None and rows[2][4] is None
