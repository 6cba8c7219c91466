"""Task use cases on their own: the queries behind `/campaign tasks`, and a Blocked reason that tells the campaign's
owner only after the person who blocked it was answered. (End to end: tests/tasks/test_tasks.py.)"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.kernel.errors import NotAllowed
from bot.kernel.policy import Actor
from bot.tasks.flows import changes as task_changes
from bot.tasks.flows import queries as task_queries
from bot.tasks.rules.tasks import TaskStatus
from bot.tasks.service.messages import TaskMessage
from storage.models import Task
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
ALICE = Actor("U_ALICE", team_id=payloads.TEAM)


@pytest.fixture
def with_task(bot: BotHarness) -> tuple[BotHarness, int]:
    """Spring Sale (owned by U_OWNER) with one open task of U_ALICE's."""
    campaign_id = new_campaign(bot)
    now = bot.clock.now()
    with bot.session() as session:
        task = Task(campaign_id=campaign_id, title="Print posters", owner_id="U_ALICE", status="open",
                    due_at=datetime(2026, 5, 3, 18, 0, tzinfo=SHANGHAI), created_by="U_OWNER", created_at=now,
                    updated_at=now)
        session.add(task)
        session.flush()
        assert task.id is not None
        task_id = task.id
    bot.standin.reset_calls()
    return bot, task_id


def test_my_task_list_and_the_campaign_table(with_task: tuple[BotHarness, int]) -> None:
    bot, _ = with_task
    mine = json.dumps([block.to_dict() for block in task_queries.my_task_list(
        bot.services, team_id=payloads.TEAM, owner_id="U_ALICE", locale="en")])
    assert "Print posters" in mine
    nobody = json.dumps([block.to_dict() for block in task_queries.my_task_list(
        bot.services, team_id=payloads.TEAM, owner_id="U_BOB", locale="en")])
    assert "Print posters" not in nobody
    table = task_queries.campaign_table(bot.services, actor=Actor("U_ALICE", team_id=payloads.TEAM),
                                        reference="Spring Sale",
                                        channel_id=None, grouping="owner", locale="en")
    assert "Spring Sale" in table.text and "Print posters" in json.dumps([b.to_dict() for b in table.blocks])


def test_a_blocked_task_tells_the_owner_after_the_answer(with_task: tuple[BotHarness, int]) -> None:
    bot, task_id = with_task
    seen: list[int] = []
    task_changes.block_task(bot.services, task_id=task_id, reason="No printer", actor=ALICE,
                            message=TaskMessage(channel_id=None, message_ts=None, response_url=None), locale="en",
                            answer=lambda: seen.append(len(bot.standin.calls_to("chat.postMessage"))))
    assert seen == [0]
    [note] = bot.standin.calls_to("chat.postMessage")
    assert note["channel"] == "U_OWNER" and "No printer" in note["text"]
    with bot.session() as session:
        task = session.get(Task, task_id)
        assert task is not None and (task.status, task.blocked_reason) == (TaskStatus.BLOCKED, "No printer")


def test_someone_else_cannot_change_the_task_and_nothing_is_said(with_task: tuple[BotHarness, int]) -> None:
    bot, task_id = with_task
    with pytest.raises(NotAllowed):
        task_changes.change_status(bot.services, task_id=task_id, to=TaskStatus.DONE,
                                   actor=Actor("U_STRANGER", team_id=payloads.TEAM),
                                   message=TaskMessage(channel_id=None, message_ts=None, response_url=None),
                                   locale="en")
    with bot.session() as session:
        task = session.get(Task, task_id)
        assert task is not None and task.status == TaskStatus.OPEN
    assert bot.standin.calls_to("chat.postMessage") == []
