"""Task blocks: task lines with buttons, reading ids back, the whole table, modal metadata, the card's milestones."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.kernel.ids import Action, Field, View
from bot.tasks.blocks.lines import (
    MAX_ITEMS,
    TaskItem,
    blocked_modal,
    milestone_modal,
    my_tasks,
    split_task_message,
    task_ids_in,
    task_items,
    task_table,
    upcoming,
)
from bot.tasks.blocks.metadata import TaskModalMetadata
from bot.tasks.service.tasks import check_reason
from handlers.tasks import parse_table_arguments

NOW = datetime(2026, 5, 10, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
DUE = datetime(2026, 5, 12, 15, 59, 59, tzinfo=UTC)  # 23:59:59 on May 12 in Shanghai


def item(task_id: int = 1, **changes: Any) -> TaskItem:
    fields: dict[str, Any] = dict(id=task_id, title="Main visual", status="open", due_at=DUE,
                                  campaign_name="Spring Sale", timezone="Asia/Shanghai", owner_id="U_DESIGN")
    return TaskItem(**{**fields, **changes})


def dicts(blocks: list[Any]) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


def section_texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [block["text"]["text"] for block in blocks if block["type"] == "section"]


# --- task_items ---------------------------------------------------------------------------------------------------

def test_one_task_is_a_section_and_its_buttons() -> None:
    section, actions = dicts(task_items([item(7)], "en", NOW))
    assert section["block_id"] == "task-7"
    text = section["text"]["text"]
    assert text.startswith("*Main visual*")
    assert "Due May 12, 2026 ·" in text  # the due day in the campaign's time zone, not UTC, and no 23:59:59
    assert "Spring Sale" in text and "Open" in text and "Overdue" not in text
    assert actions["block_id"] == "task-actions-7"
    assert [(b["action_id"], b["value"]) for b in actions["elements"]] == [
        (Action.TASK_DONE, "7"), (Action.TASK_BLOCKED, "7")
    ]


@pytest.mark.parametrize(("status", "buttons"), [
    ("done", [Action.TASK_BLOCKED, Action.TASK_OPEN]),
    ("blocked", [Action.TASK_DONE, Action.TASK_OPEN]),
    ("open", [Action.TASK_DONE, Action.TASK_BLOCKED]),
])
def test_the_current_status_has_no_button(status: str, buttons: list[str]) -> None:
    _section, actions = dicts(task_items([item(status=status)], "en", NOW))
    assert [b["action_id"] for b in actions["elements"]] == buttons


def test_cancelled_task_has_no_buttons() -> None:
    blocks = dicts(task_items([item(status="cancelled")], "en", NOW))
    assert [b["type"] for b in blocks] == ["section"]
    assert "Cancelled" in blocks[0]["text"]["text"]


def test_overdue_and_blocked_reason_are_shown() -> None:
    late = item(status="blocked", due_at=NOW - timedelta(hours=1), blocked_reason="waiting for <@U1> & legal")
    text = dicts(task_items([late], "en", NOW))[0]["text"]["text"]
    assert "Overdue" in text
    assert "Blocked: waiting for &lt;@U1&gt; &amp; legal" in text
    done_late = item(status="done", due_at=NOW - timedelta(hours=1))
    assert "Overdue" not in dicts(task_items([done_late], "en", NOW))[0]["text"]["text"]


def test_user_text_is_escaped() -> None:
    text = dicts(task_items([item(title="<!channel> ping", campaign_name="A&B <sale>")], "en", NOW))[0]["text"]["text"]
    assert "<!channel>" not in text and "&lt;!channel&gt; ping" in text
    assert "A&amp;B &lt;sale&gt;" in text


def test_long_text_stays_within_a_section() -> None:
    huge = item(title="长" * 5000, campaign_name="C" * 500, status="blocked", blocked_reason="<" * 3000)
    text = dicts(task_items([huge], "en", NOW))[0]["text"]["text"]
    assert len(text) <= 3000


def test_more_than_the_limit_ends_with_a_count() -> None:
    items = [item(i) for i in range(1, 31)]
    blocks = dicts(task_items(items, "en", NOW))
    assert len(blocks) == 23 * 2 + 1
    assert blocks[-1]["type"] == "context"
    assert "…and 7 more — `/campaign tasks`" in blocks[-1]["elements"][0]["text"]
    assert task_ids_in(blocks) == list(range(1, 24))


def test_limit_is_capped_to_slacks_block_limit() -> None:
    blocks = task_items([item(i) for i in range(1, 200)], "en", NOW, limit=500)
    assert len(blocks) <= 50
    assert len(task_ids_in(dicts(blocks))) == MAX_ITEMS


def test_nothing_is_nothing() -> None:
    assert task_items([], "en", NOW) == []
    assert "no open or blocked tasks" in dicts(my_tasks([], "en", NOW))[0]["text"]["text"]


# --- reading a message back ----------------------------------------------------------------------------------------

def test_task_ids_in_a_message_with_other_blocks() -> None:
    intro = {"type": "section", "block_id": "xYz1", "text": {"type": "mrkdwn", "text": "You have 2 new tasks"}}
    footer = {"type": "context", "block_id": "task-more", "elements": [{"type": "mrkdwn", "text": "…"}]}
    blocks = [intro, *dicts(task_items([item(5), item(3)], "en", NOW)), footer]
    assert task_ids_in(blocks) == [5, 3]
    head, ids, tail = split_task_message(blocks)
    assert (head, ids, tail) == ([intro], [5, 3], [footer])


def test_task_ids_ignore_look_alikes() -> None:
    blocks: list[dict[str, Any]] = [{"block_id": "task-actions-4"}, {"block_id": "task-x"}, {"block_id": "mytask-4"},
                                    {"type": "divider"}, {"block_id": "task-4"}, {"block_id": "task-4"}]
    assert task_ids_in(blocks) == [4]
    assert split_task_message([{"block_id": "intro"}]) == ([{"block_id": "intro"}], [], [])


# --- the whole table -------------------------------------------------------------------------------------------------

@dataclass
class FakeTask:
    id: int
    title: str
    owner_id: str
    due_at: datetime
    status: str = "open"
    phase: str | None = None
    phase_label: str | None = None
    blocked_reason: str | None = None


@dataclass
class FakeCampaign:
    name: str = "Spring Sale"
    timezone: str = "Asia/Shanghai"


@dataclass
class FakeMilestone:
    name: str
    on_date: date


def _table(tasks: list[FakeTask], by: str = "phase", milestones: list[FakeMilestone] | None = None) -> list[dict]:
    blocks = dicts(task_table(FakeCampaign(), tasks, milestones or [], "en", NOW, by=by))  # type: ignore[arg-type]
    assert len(blocks) <= 50
    assert all(len(text) <= 3000 for text in section_texts(blocks))
    return blocks


def test_grouped_by_phase_in_phase_order_with_counts() -> None:
    past, future = NOW - timedelta(days=1), NOW + timedelta(days=1)
    tasks = [
        FakeTask(1, "Launch post", "U_A", future, phase="burst"),
        FakeTask(2, "Venue", "U_B", past, phase=None, phase_label="场地"),
        FakeTask(3, "Plan draft", "U_A", past, status="done", phase="preparation"),
        FakeTask(4, "Teaser", "U_B", past, phase="warmup"),
        FakeTask(5, "Teaser 2", "U_B", future, status="blocked", phase="warmup", blocked_reason="no budget"),
        FakeTask(6, "Dropped", "U_B", past, status="cancelled", phase="warmup"),
    ]
    blocks = _table(tasks)
    texts = section_texts(blocks)
    assert blocks[0]["type"] == "header" and "Spring Sale" in blocks[0]["text"]["text"]
    assert "1 done · 3 open · 2 overdue · 1 blocked" in texts[0]
    groups = [text.split("\n")[0] for text in texts[2:]]
    assert [g.split("*")[1] for g in groups] == ["Preparation (筹备期)", "Warm-up (预热期)", "Burst (爆发期)",
                                                "Other / no phase"]
    warmup = texts[3]
    assert "0 done · 1 open · 1 overdue · 1 blocked" in warmup
    assert warmup.index("Teaser*") < warmup.index("Teaser 2")  # soonest due first
    assert "<@U_B>" in warmup and "overdue" in warmup and "no budget" in warmup
    assert "Dropped" not in json.dumps(blocks)
    assert all(block["type"] != "actions" for block in blocks)


def test_grouped_by_owner() -> None:
    tasks = [FakeTask(1, "Copy", "U_LATE", NOW + timedelta(days=5), phase="burst"),
             FakeTask(2, "Visual", "U_SOON", NOW + timedelta(days=1), phase="warmup"),
             FakeTask(3, "Venue", "U_LATE", NOW - timedelta(days=1), phase_label="场地", status="done")]
    texts = section_texts(_table(tasks, by="owner"))
    assert texts[2].startswith("*<@U_SOON>* — 0 done · 1 open")
    assert texts[3].startswith("*<@U_LATE>* — 1 done · 1 open · 0 overdue")
    assert "Burst (爆发期)" in texts[3] and "场地" in texts[3]


def test_a_long_group_is_cut_with_a_count() -> None:
    tasks = [FakeTask(i, f"Task number {i} " + "x" * 80, "U_A", NOW + timedelta(hours=i), phase="burst")
             for i in range(1, 121)]
    texts = section_texts(_table(tasks))
    burst = texts[2]
    shown = burst.count("\n• ")
    assert 0 < shown < 120
    assert burst.endswith(f"…and {120 - shown} more")


def test_many_owners_stay_within_50_blocks() -> None:
    tasks = [FakeTask(i, f"T{i}", f"U{i:03d}", NOW + timedelta(hours=i)) for i in range(1, 80)]
    blocks = _table(tasks, by="owner")
    assert "more groups not shown" in json.dumps(blocks[-1])


def test_empty_table_and_milestones() -> None:
    milestones = [FakeMilestone("Past", date(2026, 5, 1)), FakeMilestone("Launch <day>", date(2026, 5, 20)),
                  FakeMilestone("Today", date(2026, 5, 10))]
    texts = section_texts(_table([], milestones=milestones))
    assert "no tasks yet" in texts[0]
    assert "Upcoming milestones" in texts[1]
    assert texts[1].index("Today") < texts[1].index("Launch &lt;day&gt;")
    assert "Past" not in texts[1]
    assert "none" in section_texts(_table([]))[1]


def test_upcoming_uses_the_campaigns_day() -> None:
    late_evening_utc = datetime(2026, 5, 9, 17, 0, tzinfo=UTC)  # already May 10 in Shanghai
    milestones = [FakeMilestone("Yesterday in Shanghai", date(2026, 5, 9))]
    assert upcoming(milestones, "Asia/Shanghai", late_evening_utc) == []
    assert upcoming(milestones, "UTC", late_evening_utc) == milestones


# --- modals and their metadata ---------------------------------------------------------------------------------------

def test_blocked_modal() -> None:
    view = blocked_modal(item(title="<b>"), "{}", "en").to_dict()
    assert view["callback_id"] == View.TASK_BLOCKED_REASON
    assert len(view["title"]["text"]) <= 24
    reason = next(block for block in view["blocks"] if block.get("block_id") == Field.REASON)
    assert "Reason" in reason["label"]["text"] and reason["element"]["max_length"] == 500
    assert "&lt;b&gt;" in view["blocks"][0]["text"]["text"]


def test_milestone_modal() -> None:
    view = milestone_modal("{}", "en").to_dict()
    labels = {block["block_id"]: block["label"]["text"] for block in view["blocks"]}
    assert labels == {Field.MILESTONE_NAME: "Name", Field.MILESTONE_DATE: "Date", Field.MILESTONE_OWNER: "Owner"}
    assert view["callback_id"] == View.NEW_MILESTONE


def test_task_metadata_round_trip() -> None:
    metadata = TaskModalMetadata(task_id=3, channel_id="C1", message_ts="1.2", response_url=None, task_ids=(3, 4),
                                 head=({"type": "section", "text": {"type": "mrkdwn", "text": "hi"}},))
    assert TaskModalMetadata.load(metadata.dump()) == metadata


def test_task_metadata_drops_big_blocks_first() -> None:
    big = ({"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3000}},)
    loaded = TaskModalMetadata.load(TaskModalMetadata(task_id=3, task_ids=(3,), head=big).dump())
    assert loaded == TaskModalMetadata(task_id=3, task_ids=(3,))


@pytest.mark.parametrize("text", ["", "nope", "[]", "{}", '{"task_id": "3"}', None])
def test_task_metadata_rejects_garbage(text: str | None) -> None:
    assert TaskModalMetadata.load(text) is None


def test_check_reason() -> None:
    assert check_reason("  supplier late ") == ("supplier late", [])
    assert check_reason("   ")[1][0].key == "form.error.required"
    assert check_reason("x" * 501)[1][0].key == "form.error.too_long"
    assert check_reason("x" * 500)[0] == "x" * 500


@pytest.mark.parametrize(("text", "expected"), [
    ("", ("", "phase")),
    ("Spring Sale", ("Spring Sale", "phase")),
    ("by owner", ("", "owner")),
    ("Spring Sale by owner", ("Spring Sale", "owner")),
    ("by Owner Spring Sale", ("Spring Sale", "owner")),
    ("#3 by phase", ("#3", "phase")),
])
def test_table_arguments(text: str, expected: tuple[str, str]) -> None:
    assert parse_table_arguments(text) == expected


# --- the campaign card's milestones line ---------------------------------------------------------------------------


