"""Task tracking through signed requests: `/campaign tasks [all]`, Done / Blocked / Open, milestones."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import INPUT, Action, Field, View
from bot.tasks.blocks.metadata import TaskModalMetadata
from storage.models import Campaign, Milestone, Task, TaskStatusChange
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
MESSAGE_TS = "1700000001.000100"


def _task(bot: BotHarness, campaign_id: int, title: str, owner: str = "U_ALICE", *, due: datetime,
          status: str = "open", phase: str | None = None, reason: str | None = None) -> int:
    now = bot.clock.now()
    with bot.session() as session:
        task = Task(campaign_id=campaign_id, title=title, owner_id=owner, due_at=due, status=status, phase=phase,
                    blocked_reason=reason, created_by="U_OWNER", created_at=now, updated_at=now)
        session.add(task)
        session.flush()
        assert task.id is not None
        return task.id


def _due(day: int, hour: int = 18) -> datetime:
    return datetime(2026, 5, day, hour, 0, tzinfo=SHANGHAI)


def _task_row(bot: BotHarness, task_id: int) -> Task:
    with bot.session() as session:
        task = session.get(Task, task_id)
        assert task is not None
        return task


def _history(bot: BotHarness, task_id: int) -> list[TaskStatusChange]:
    with bot.session() as session:
        return list(session.scalars(select(TaskStatusChange).where(TaskStatusChange.task_id == task_id)
                                    .order_by(TaskStatusChange.id)))


def _my_blocks(bot: BotHarness, user: str = "U_ALICE") -> list[dict[str, Any]]:
    return response_json(bot.command("tasks", user=user))["blocks"]


def _buttons(blocks: list[dict[str, Any]], task_id: int) -> list[str]:
    actions = next((b for b in blocks if b.get("block_id") == f"task-actions-{task_id}"), None)
    return [element["action_id"] for element in actions["elements"]] if actions else []


def _section(blocks: list[dict[str, Any]], task_id: int) -> str:
    return next(b["text"]["text"] for b in blocks if b.get("block_id") == f"task-{task_id}")


def _reason(text: str | None) -> dict[str, Any]:
    return {Field.REASON: {INPUT: {"type": "plain_text_input", "value": text}}}


INTRO = {"type": "section", "block_id": "intro1", "text": {"type": "mrkdwn", "text": "You have new tasks"}}


# --- `/campaign tasks` ------------------------------------------------------------------------------------------

def test_my_tasks_soonest_first_with_buttons(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    later = _task(bot, campaign_id, "Copy <!channel>", due=_due(5))
    sooner = _task(bot, campaign_id, "Main visual", due=_due(3), status="blocked", reason="no brief")
    _task(bot, campaign_id, "Finished", due=_due(2), status="done")
    _task(bot, campaign_id, "Dropped", due=_due(2), status="cancelled")
    _task(bot, campaign_id, "Bob's", "U_BOB", due=_due(1))
    other = new_campaign(bot, name="Old Sale", channel="C_OLD")
    _task(bot, other, "In a cancelled campaign", due=_due(1))
    with bot.session() as session:
        session.get(Campaign, other).status = "cancelled"  # type: ignore[union-attr]

    body = response_json(bot.command("tasks", user="U_ALICE"))
    blocks = body["blocks"]
    assert body["text"] == "Your open tasks"
    sections = [b.get("block_id") for b in blocks if b["type"] == "section"]
    assert sections == [f"task-{sooner}", f"task-{later}"]
    assert _buttons(blocks, sooner) == [Action.TASK_DONE, Action.TASK_OPEN]
    assert _buttons(blocks, later) == [Action.TASK_DONE, Action.TASK_BLOCKED]
    rendered = json.dumps(blocks)
    for absent in ("Finished", "Dropped", "Bob's", "cancelled campaign"):
        assert absent not in rendered
    assert "&lt;!channel&gt;" in rendered and "<!channel>" not in rendered
    assert "May 3, 2026, 6:00\u202fPM" in _section(blocks, sooner)  # the campaign's time zone
    assert "Blocked: no brief" in _section(blocks, sooner)
    # answered in the acknowledgement itself
    assert set(bot.standin.methods()) <= {"auth.test", "users.info", "conversations.join", "chat.postMessage"}


def test_nothing_open_is_a_friendly_line(bot: BotHarness) -> None:
    new_campaign(bot)
    text = json.dumps(response_json(bot.command("tasks", user="U_CAROL")))
    assert "Nothing on your plate" in text
    assert "/campaign tasks all" in bot.command("tasks frobnicate").text


def test_help_mentions_tasks(bot: BotHarness) -> None:
    assert "/campaign tasks" in json.dumps(response_json(bot.command("help")))


# --- Done / Open ---------------------------------------------------------------------------------------------------

def test_done_records_history_and_rerenders_the_message(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    first = _task(bot, campaign_id, "Main visual", due=_due(3))
    second = _task(bot, campaign_id, "Copy", due=_due(4))
    message = [INTRO, *[b for b in _my_blocks(bot) if b["type"] != "header"]]
    bot.standin.reset()
    bot.clock.set(datetime(2026, 4, 21, 9, 30, tzinfo=SHANGHAI))

    response = bot.click(Action.TASK_DONE, str(first), user="U_ALICE", channel="D_ALICE", message_blocks=message)
    assert response.status_code == 200
    task = _task_row(bot, first)
    assert task.status == "done" and task.blocked_reason is None
    assert task.updated_at == bot.clock.now()
    [change] = _history(bot, first)
    assert (change.from_status, change.to_status, change.actor_id, change.at, change.reason) == (
        "open", "done", "U_ALICE", bot.clock.now(), None
    )
    [update] = bot.standin.calls_to("chat.update")
    assert (update["channel"], update["ts"]) == ("D_ALICE", MESSAGE_TS)
    blocks = update["blocks"]
    assert blocks[0]["text"]["text"] == "You have new tasks"  # the intro is kept
    assert _buttons(blocks, first) == [Action.TASK_BLOCKED, Action.TASK_OPEN]
    assert "Done" in _section(blocks, first)
    assert _buttons(blocks, second) == [Action.TASK_DONE, Action.TASK_BLOCKED]

    # The same status again changes nothing and records nothing.
    bot.click(Action.TASK_DONE, str(first), user="U_ALICE", message_blocks=message)
    assert len(_history(bot, first)) == 1
    assert bot.standin.calls_to("chat.postEphemeral") == []


def test_stranger_is_refused_privately(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    task_id = _task(bot, campaign_id, "Main visual", due=_due(3))
    bot.standin.add_user("U_STRANGER", is_admin=False)
    bot.standin.reset()
    response = bot.click(Action.TASK_DONE, str(task_id), user="U_STRANGER", message_blocks=_my_blocks(bot))
    assert response.status_code == 200
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert note["user"] == "U_STRANGER"
    assert "Only the task's owner (<@U_ALICE>), the campaign's owner (<@U_OWNER>)" in note["text"]
    assert _task_row(bot, task_id).status == "open" and _history(bot, task_id) == []
    assert bot.standin.calls_to("chat.update") == []
    bot.click(Action.TASK_BLOCKED, str(task_id), user="U_STRANGER")
    assert bot.standin.calls_to("views.open") == []
    assert len(bot.standin.calls_to("chat.postEphemeral")) == 2


def test_campaign_owner_and_admin_may_change(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    task_id = _task(bot, campaign_id, "Main visual", due=_due(3))
    bot.standin.add_user("U_ADMIN", is_admin=True)
    bot.click(Action.TASK_DONE, str(task_id), user="U_OWNER")
    bot.click(Action.TASK_OPEN, str(task_id), user="U_ADMIN")
    assert [(c.from_status, c.to_status, c.actor_id) for c in _history(bot, task_id)] == [
        ("open", "done", "U_OWNER"), ("done", "open", "U_ADMIN")
    ]
    assert _task_row(bot, task_id).status == "open"
    assert bot.standin.calls_to("chat.postEphemeral") == []


def test_tasks_of_a_closed_campaign_stay_as_they_are(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    task_id = _task(bot, campaign_id, "Main visual", due=_due(3))
    with bot.session() as session:
        session.get(Campaign, campaign_id).status = "closed"  # type: ignore[union-attr]
    bot.click(Action.TASK_DONE, str(task_id), user="U_ALICE")
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert "is closed" in note["text"]
    assert _task_row(bot, task_id).status == "open"


# --- Blocked ------------------------------------------------------------------------------------------------------

def test_blocked_asks_for_a_reason_and_tells_the_campaign_owner(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    task_id = _task(bot, campaign_id, "Main visual", due=_due(3))
    message = [INTRO, *[b for b in _my_blocks(bot) if b["type"] != "header"]]
    bot.standin.reset()

    bot.click(Action.TASK_BLOCKED, str(task_id), user="U_ALICE", channel="D_ALICE", message_blocks=message,
              trigger_id="trigger-blocked")
    [opened] = bot.standin.calls_to("views.open")
    assert opened["trigger_id"] == "trigger-blocked"
    view = opened["view"]
    assert view["callback_id"] == View.TASK_BLOCKED_REASON
    metadata = TaskModalMetadata.load(view["private_metadata"])
    assert metadata is not None
    assert (metadata.task_id, metadata.channel_id, metadata.message_ts, metadata.response_url) == (
        task_id, "D_ALICE", MESSAGE_TS, None
    )
    assert _task_row(bot, task_id).status == "open"  # nothing changes until the reason is given

    empty = bot.submit(View.TASK_BLOCKED_REASON, _reason("   "), user="U_ALICE",
                       private_metadata=view["private_metadata"])
    assert response_json(empty) == {"response_action": "errors", "errors": {Field.REASON: "Please fill this in."}}
    too_long = bot.submit(View.TASK_BLOCKED_REASON, _reason("x" * 501), user="U_ALICE",
                          private_metadata=view["private_metadata"])
    assert "under 500 characters" in response_json(too_long)["errors"][Field.REASON]
    assert _task_row(bot, task_id).status == "open" and _history(bot, task_id) == []

    saved = bot.submit(View.TASK_BLOCKED_REASON, _reason("Supplier <late>\nno price list"), user="U_ALICE",
                       private_metadata=view["private_metadata"])
    assert saved.text == ""
    task = _task_row(bot, task_id)
    assert (task.status, task.blocked_reason) == ("blocked", "Supplier <late>\nno price list")
    [change] = _history(bot, task_id)
    assert (change.from_status, change.to_status, change.actor_id, change.reason) == (
        "open", "blocked", "U_ALICE", "Supplier <late>\nno price list"
    )
    [dm] = bot.standin.calls_to("chat.postMessage")
    assert dm["channel"] == "U_OWNER"
    assert "<@U_ALICE>" in dm["text"] and "Main visual" in dm["text"] and "Spring Sale" in dm["text"]
    assert "Supplier &lt;late&gt;\n>no price list" in dm["text"]
    assert _buttons(dm["blocks"], task_id) == [Action.TASK_DONE, Action.TASK_OPEN]  # the owner can act at once
    [update] = bot.standin.calls_to("chat.update")
    assert (update["channel"], update["ts"]) == ("D_ALICE", MESSAGE_TS)
    assert update["blocks"][0]["text"]["text"] == "You have new tasks"
    assert "Blocked: Supplier &lt;late&gt;" in _section(update["blocks"], task_id)
    assert _buttons(update["blocks"], task_id) == [Action.TASK_DONE, Action.TASK_OPEN]

    bot.click(Action.TASK_OPEN, str(task_id), user="U_ALICE", channel="D_ALICE", message_blocks=update["blocks"])
    task = _task_row(bot, task_id)
    assert (task.status, task.blocked_reason) == ("open", None)
    assert [(c.from_status, c.to_status) for c in _history(bot, task_id)] == [("open", "blocked"), ("blocked", "open")]
    assert _buttons(bot.standin.calls_to("chat.update")[-1]["blocks"], task_id) == [
        Action.TASK_DONE, Action.TASK_BLOCKED
    ]


def test_campaign_owner_blocking_is_not_told_about_it(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    task_id = _task(bot, campaign_id, "Main visual", due=_due(3))
    bot.standin.reset()
    metadata = TaskModalMetadata(task_id=task_id).dump()
    assert bot.submit(View.TASK_BLOCKED_REASON, _reason("waiting"), private_metadata=metadata).text == ""
    assert _task_row(bot, task_id).status == "blocked"
    assert bot.standin.calls_to("chat.postMessage") == []


def test_blocked_submit_by_a_stranger_is_refused_on_the_field(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    task_id = _task(bot, campaign_id, "Main visual", due=_due(3))
    bot.standin.add_user("U_STRANGER", is_admin=False)
    response = bot.submit(View.TASK_BLOCKED_REASON, _reason("mine now"), user="U_STRANGER",
                          private_metadata=TaskModalMetadata(task_id=task_id).dump())
    assert "Only the task's owner" in response_json(response)["errors"][Field.REASON]
    assert _task_row(bot, task_id).status == "open"


# --- ephemeral messages: only their response_url can change them ---------------------------------------------------

def test_ephemeral_list_is_updated_through_response_url(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    task_id = _task(bot, campaign_id, "Main visual", due=_due(3))
    other = _task(bot, campaign_id, "Copy", due=_due(4))
    blocks = _my_blocks(bot)
    response_url = bot.standin.url + "response"
    bot.standin.reset()

    bot.click(Action.TASK_DONE, str(task_id), user="U_ALICE", is_ephemeral=True, response_url=response_url,
              message_blocks=blocks)
    assert bot.standin.calls_to("chat.update") == []
    [answer] = bot.standin.calls_to("response")
    assert answer["replace_original"] is True
    assert answer["blocks"][0]["type"] == "header"
    assert "Done" in _section(answer["blocks"], task_id)
    assert _buttons(answer["blocks"], task_id) == [Action.TASK_BLOCKED, Action.TASK_OPEN]

    # Blocked from the ephemeral list: the modal carries the response_url, the submission uses it.
    bot.click(Action.TASK_BLOCKED, str(other), user="U_ALICE", is_ephemeral=True, response_url=response_url,
              message_blocks=answer["blocks"])
    metadata = bot.standin.calls_to("views.open")[0]["view"]["private_metadata"]
    assert TaskModalMetadata.load(metadata).response_url == response_url  # type: ignore[union-attr]
    bot.submit(View.TASK_BLOCKED_REASON, _reason("waiting"), user="U_ALICE", private_metadata=metadata)
    assert _task_row(bot, other).status == "blocked"
    last = bot.standin.calls_to("response")[-1]
    assert "Blocked: waiting" in _section(last["blocks"], other)
    assert _buttons(last["blocks"], task_id) == [Action.TASK_BLOCKED, Action.TASK_OPEN]  # still listed
    assert bot.standin.calls_to("chat.update") == []


def test_ephemeral_click_without_the_message_shows_the_list_again(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    task_id = _task(bot, campaign_id, "Main visual", due=_due(3))
    other = _task(bot, campaign_id, "Copy", due=_due(4))
    bot.click(Action.TASK_DONE, str(task_id), user="U_ALICE", is_ephemeral=True,
              response_url=bot.standin.url + "response", with_message=False)
    [answer] = bot.standin.calls_to("response")
    assert _section(answer["blocks"], other)
    assert _task_row(bot, task_id).status == "done"


# --- `/campaign tasks all` ---------------------------------------------------------------------------------------

def _table_tasks(bot: BotHarness) -> int:
    campaign_id = new_campaign(bot)
    _task(bot, campaign_id, "Plan draft", "U_OWNER", due=_due(1), status="done", phase="preparation")
    _task(bot, campaign_id, "Teaser video", "U_ALICE", due=_due(3), phase="warmup")
    _task(bot, campaign_id, "Teaser posts", "U_BOB", due=_due(5), phase="warmup", status="blocked", reason="no copy")
    _task(bot, campaign_id, "Launch live stream", "U_ALICE", due=_due(12), phase="burst")
    _task(bot, campaign_id, "Venue", "U_BOB", due=_due(2), phase=None)
    _task(bot, campaign_id, "Old idea", "U_BOB", due=_due(2), status="cancelled", phase="burst")
    with bot.session() as session:
        session.add(Milestone(campaign_id=campaign_id, name="Launch day", on_date=date(2026, 5, 12),
                              created_by="U_OWNER", created_at=bot.clock.now()))
        session.add(Milestone(campaign_id=campaign_id, name="Kick-off", on_date=date(2026, 5, 1),
                              created_by="U_OWNER", created_at=bot.clock.now()))
    bot.clock.set(datetime(2026, 5, 6, 9, 0, tzinfo=SHANGHAI))
    return campaign_id


def _texts(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b["type"] == "section"]


def test_whole_table_by_phase(bot: BotHarness) -> None:
    _table_tasks(bot)
    body = response_json(bot.command("tasks all", user="U_BOB"))
    blocks = body["blocks"]
    assert "Spring Sale" in body["text"]
    assert blocks[0]["type"] == "header"
    texts = _texts(blocks)
    assert "1 done · 3 open · 3 overdue · 1 blocked" in texts[0]
    assert "Launch day — May 12, 2026" in texts[1] and "Kick-off" not in texts[1]  # upcoming only
    heads = [text.split("\n")[0] for text in texts[2:]]
    assert heads == [
        "*Preparation (筹备期)* — 1 done · 0 open · 0 overdue · 0 blocked",
        "*Warm-up (预热期)* — 0 done · 1 open · 2 overdue · 1 blocked",
        "*Burst (爆发期)* — 0 done · 1 open · 0 overdue · 0 blocked",
        "*Other / no phase* — 0 done · 1 open · 1 overdue · 0 blocked",
    ]
    assert "Teaser video* · Open · May 3, 2026, 6:00\u202fPM · <@U_ALICE> · :warning: overdue" in texts[3]
    assert "_no copy_" in texts[3]
    assert "Old idea" not in json.dumps(blocks)
    assert all(b["type"] != "actions" for b in blocks)


def test_whole_table_by_owner_named_from_elsewhere(bot: BotHarness) -> None:
    _table_tasks(bot)
    blocks = response_json(bot.command("tasks all Spring Sale by owner", channel="C_OTHER"))["blocks"]
    heads = [text.split("\n")[0] for text in _texts(blocks)[2:]]
    assert heads == [
        "*<@U_BOB>* — 0 done · 1 open · 2 overdue · 1 blocked",
        "*<@U_ALICE>* — 0 done · 2 open · 1 overdue · 0 blocked",
        "*<@U_OWNER>* — 1 done · 0 open · 0 overdue · 0 blocked",
    ]
    assert "Which campaign?" in bot.command("tasks all", channel="C_OTHER").text
    assert "can't find a live campaign" in bot.command("tasks all Nope").text


def test_block_limits_with_120_tasks(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    with bot.session() as session:
        now = bot.clock.now()
        for index in range(120):
            session.add(Task(campaign_id=campaign_id, title=f"Task {index:03d} " + "词" * 60,
                             owner_id="U_ALICE" if index % 2 else f"U_{index:03d}",
                             due_at=_due(1 + index % 28, index % 24), status="open",
                             phase=("warmup", "burst", None)[index % 3], created_by="U_OWNER", created_at=now,
                             updated_at=now))
    mine = response_json(bot.command("tasks", user="U_ALICE"))["blocks"]
    assert len(mine) <= 50
    assert "…and 37 more" in json.dumps(mine[-1], ensure_ascii=False)
    for text in ("tasks all", "tasks all by owner"):
        blocks = response_json(bot.command(text))["blocks"]
        assert len(blocks) <= 50
        assert all(len(section) <= 3000 for section in _texts(blocks))
        assert "more" in json.dumps(blocks)


# --- milestones ---------------------------------------------------------------------------------------------------

def _milestone(name: str | None, on: date | None) -> dict[str, Any]:
    return {
        Field.MILESTONE_NAME: {INPUT: {"type": "plain_text_input", "value": name}},
        Field.MILESTONE_DATE: {INPUT: {"type": "datepicker", "selected_date": on.isoformat() if on else None}},
    }


def test_add_milestone_from_the_card(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    [card] = bot.standin.calls_to("chat.postMessage")
    button = next(b["accessory"] for b in card["blocks"] if b.get("accessory", {}).get("action_id")
                  == Action.ADD_MILESTONE)
    assert button["value"] == str(campaign_id) and button["text"]["text"] == "Add milestone"
    bot.standin.reset()

    bot.click(Action.ADD_MILESTONE, str(campaign_id), user="U_OWNER", trigger_id="trigger-ms")
    [opened] = bot.standin.calls_to("views.open")
    assert opened["trigger_id"] == "trigger-ms"
    view = opened["view"]
    assert view["callback_id"] == View.NEW_MILESTONE
    assert ModalMetadata.load(view["private_metadata"]).campaign_id == campaign_id

    def submit(name: str | None, on: date | None, user: str = "U_OWNER") -> Any:
        return bot.submit(View.NEW_MILESTONE, _milestone(name, on), user=user,
                          private_metadata=view["private_metadata"])

    errors = response_json(submit("  ", date(2026, 8, 1)))["errors"]
    assert errors[Field.MILESTONE_NAME] == "Please fill this in."
    assert errors[Field.MILESTONE_DATE].startswith("Pick a date from Mar 2, 2026 to Jun 30, 2026")
    assert response_json(submit("Launch day", None))["errors"][Field.MILESTONE_DATE] == "Please fill this in."
    assert "under 200" in response_json(submit("x" * 201, date(2026, 5, 10)))["errors"][Field.MILESTONE_NAME]
    with bot.session() as session:
        assert session.scalars(select(Milestone)).all() == []

    assert submit("  Launch   <day> ", date(2026, 5, 10)).text == ""
    with bot.session() as session:
        [milestone] = session.scalars(select(Milestone)).all()
        assert (milestone.name, milestone.on_date, milestone.created_by) == ("Launch <day>", date(2026, 5, 10),
                                                                             "U_OWNER")
    [note] = bot.standin.calls_to("chat.postMessage")
    assert note["channel"] == payloads.CHANNEL
    assert note["text"] == "<@U_OWNER> added the milestone *Launch &lt;day&gt;* on May 10, 2026 to *Spring Sale*."

    assert submit("Launch <day>", date(2026, 6, 30)).text == ""  # the same name moves it; wrap-up dates allowed
    assert "moved the milestone" in bot.standin.calls_to("chat.postMessage")[-1]["text"]
    assert submit("Plan draft", date(2026, 3, 2)).text == ""  # 60 days before the start
    with bot.session() as session:
        assert len(session.scalars(select(Milestone)).all()) == 2


def test_stranger_cannot_add_milestones(bot: BotHarness) -> None:
    campaign_id = new_campaign(bot)
    bot.standin.add_user("U_STRANGER", is_admin=False)
    bot.standin.reset()
    assert bot.click(Action.ADD_MILESTONE, str(campaign_id), user="U_STRANGER").status_code == 200
    assert bot.standin.calls_to("views.open") == []
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert "can add milestones" in note["text"]
    metadata = ModalMetadata(campaign_id=campaign_id).dump()
    response = bot.submit(View.NEW_MILESTONE, _milestone("Mine", date(2026, 5, 10)), user="U_STRANGER",
                          private_metadata=metadata)
    assert "can add milestones" in response_json(response)["errors"][Field.MILESTONE_NAME]
    with bot.session() as session:
        assert session.scalars(select(Milestone)).all() == []
