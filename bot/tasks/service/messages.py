"""The message a task button was in, rebuilt after a change from the task ids in its blocks (blocks that are not
task blocks, such as an intro, are kept): a normal message through chat.update, an ephemeral one through the
click's response_url (the only way to change it). This is the one place a task change touches Slack after commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.tasks.blocks.lines import TaskItem, my_tasks, task_items
from bot.tasks.blocks.metadata import TaskModalMetadata
from storage.repositories import campaigns as repo
from storage.repositories import tasks as task_repository


@dataclass(frozen=True)
class TaskMessage:
    """Where a clicked task list is and what is around its tasks, so it can be rebuilt after a change.

    `task_ids` empty with a `response_url`: an ephemeral list whose blocks the payload did not carry; it is
    rebuilt as the clicker's `/campaign tasks` list.
    """

    channel_id: str | None
    message_ts: str | None
    response_url: str | None
    task_ids: tuple[int, ...] = ()
    head: tuple[dict[str, Any], ...] = field(default=())
    tail: tuple[dict[str, Any], ...] = field(default=())
    text: str | None = None

    @classmethod
    def of_metadata(cls, metadata: TaskModalMetadata) -> TaskMessage:
        return cls(channel_id=metadata.channel_id, message_ts=metadata.message_ts,
                   response_url=metadata.response_url, task_ids=metadata.task_ids, head=metadata.head,
                   tail=metadata.tail)

    def metadata_for(self, task_id: int) -> TaskModalMetadata:
        return TaskModalMetadata(task_id=task_id, channel_id=self.channel_id, message_ts=self.message_ts,
                                 response_url=self.response_url, task_ids=self.task_ids, head=self.head,
                                 tail=self.tail)


def refresh_task_message(services: Services, message: TaskMessage, *, user_id: str, team_id: str,
                         locale: str) -> None:
    """Show the tasks' new state in the message the click came from."""
    if not message.response_url and not (message.channel_id and message.message_ts and message.task_ids):
        return  # a normal message whose blocks we don't know: better unchanged than clobbered
    now = services.clock.now()
    with services.unit_of_work() as session:
        if message.task_ids:
            items = _items(session, list(message.task_ids), team_id)
            blocks: list[Block] = [*_parsed(message.head), *task_items(items, locale, now, limit=len(items)),
                                   *_parsed(message.tail)]
        else:
            blocks = my_tasks(owned_items(session, team_id=team_id, owner_id=user_id), locale, now)
    text = message.text or t("tasks.fallback", locale)
    if message.response_url:
        services.slack.respond(message.response_url, text=text, blocks=blocks, replace_original=True)
    elif message.channel_id and message.message_ts:
        services.slack.update_message(message.channel_id, message.message_ts, text=text, blocks=blocks)


def _items(session: Session, task_ids: list[int], team_id: str) -> list[TaskItem]:
    tasks = task_repository.tasks_by_ids(session=session, task_ids=task_ids, team_id=team_id)
    campaigns: dict[int, Any] = {}
    items: list[TaskItem] = []
    for task_id in task_ids:
        task = tasks.get(task_id)
        if task is None:
            continue  # deleted meanwhile: drop it from the message
        if task.campaign_id not in campaigns:
            campaigns[task.campaign_id] = repo.get_campaign(session=session, campaign_id=task.campaign_id,
                                                            team_id=team_id)
        campaign = campaigns[task.campaign_id]
        if campaign is not None:
            items.append(TaskItem.of(task, campaign))
    return items


def _parsed(blocks: tuple[dict[str, Any], ...]) -> list[Block]:
    return [block for block in Block.parse_all(list(blocks)) if block is not None]

MY_TASKS_FETCH = 500


def owned_items(session: Session, *, team_id: str, owner_id: str) -> list[TaskItem]:
    """The active tasks someone owns, in the caller's transaction."""
    rows = task_repository.active_tasks_of_owner(session=session, team_id=team_id, owner_id=owner_id,
                                                 limit=MY_TASKS_FETCH)
    return [TaskItem.of(task, campaign) for task, campaign in rows]
