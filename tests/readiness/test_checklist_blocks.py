"""The readiness list's blocks: seeded titles in the reader's language, added titles escaped, within Slack's limits;
the start-day text of open items."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

from bot.kernel.blockkit.text import MESSAGE_BLOCK_LIMIT
from bot.kernel.ids import Action
from bot.readiness.blocks.checklist import checklist_blocks, open_items_text
from bot.readiness.rules import ChecklistLine

DONE_AT = datetime(2026, 4, 27, 3, tzinfo=UTC)


def _lines() -> list[ChecklistLine]:
    return [ChecklistLine(1, "materials_checked", None, "U1", date(2026, 4, 28), DONE_AT, "U1"),
            ChecklistLine(2, None, "<!channel> *sound* check", "U2", None)]


def test_seeded_titles_are_translated_and_added_ones_escaped() -> None:
    blocks = [block.to_dict() for block in checklist_blocks(1, "Spring", "Asia/Shanghai", _lines(), "zh-TW",
                                                            may_add=False)]
    text = json.dumps(blocks, ensure_ascii=False)
    assert "物料驗收" in text and "就緒 1/2" in text and "未設截止日" in text
    assert "<!channel>" not in text and "&lt;!channel&gt;" in text
    assert Action.CHECKLIST_ADD not in text  # only for those who may add
    buttons = [block["accessory"]["action_id"] for block in blocks if "accessory" in block]
    assert buttons == [Action.CHECKLIST_UNDO, Action.CHECKLIST_DONE]


def test_a_long_list_stays_within_fifty_blocks() -> None:
    lines = [ChecklistLine(n, None, f"Item {n}", "U1", None) for n in range(1, 120)]
    blocks = checklist_blocks(1, "Spring", "Asia/Shanghai", lines, "en", may_add=True)
    assert len(blocks) <= MESSAGE_BLOCK_LIMIT
    assert "and 74 more" in json.dumps([block.to_dict() for block in blocks])


def test_the_start_day_text_names_open_items_or_says_all_is_ready() -> None:
    lines = _lines()
    assert "Not ready yet (1 of 2)" in open_items_text(lines, "en") and "<@U2>" in open_items_text(lines, "en")
    assert "The readiness item is done" in open_items_text(lines[:1], "en")
    assert "All 2 readiness items are done" in open_items_text([lines[0], lines[0]], "en")
    assert open_items_text([], "en") == ""
