"""Tasks in Slack: Done / Blocked / Open buttons, the Blocked-reason modal, `/campaign tasks [all]`, milestones.

After a status change the message the button was in is rebuilt from the task ids in its blocks (blocks that
are not task blocks, such as an intro, are kept): a normal message through chat.update, an ephemeral one
through the click's response_url (the only way to change it).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock
from sqlmodel import Session

from bot import formatting, policy
from bot.blocks.inputs import SubmittedState
from bot.blocks.metadata import ModalMetadata
from bot.blocks.task_blocks import (
    Grouping,
    TaskItem,
    blocked_modal,
    milestone_modal,
    my_tasks,
    split_task_message,
    task_items,
    task_table,
)
from bot.blocks.task_metadata import TaskModalMetadata
from bot.blocks.text import SECTION_TEXT_LIMIT, escape, mention, truncate
from bot.domain.tasks import TaskStatus
from bot.errors import CampaignBotError, NotAllowed, UserRef
from bot.i18n import t
from bot.ids import Action, Field, View
from bot.messages import render_error
from bot.services import Services
from bot.slack import outbox
from bot.usecases import campaign_service, task_service
from bot.usecases.announcements import refresh_card
from bot.usecases.campaign_service import FormRejected
from handlers.errors import reports_errors
from handlers.forms import actor_of, campaign_id_of, field_errors, task_id_of, team_of
from storage import repositories as repo
from storage import task_repository

log = logging.getLogger(__name__)

# `/campaign tasks` shows 23 tasks; more are only counted ("…and N more"), so fetching far more is pointless.
MY_TASKS_FETCH = 500


# --- `/campaign tasks [all [name] [by owner|phase]]` ------------------------------------------------------------

def tasks_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    words = rest.split()
    if not words:
        _my_tasks(services, command, ack, locale)
    elif words[0].lower() == "all":
        reference, grouping = parse_table_arguments(" ".join(words[1:]))
        _task_table(services, command, ack, locale, reference, grouping)
    else:
        ack(text=t("tasks.usage", locale))


def parse_table_arguments(text: str) -> tuple[str, Grouping]:
    """`"Spring Sale by owner"` / `"by owner Spring Sale"` → `("Spring Sale", "owner")`; phase is the default."""
    words = text.split()
    grouping: Grouping = "phase"
    for start in (0, len(words) - 2):
        pair = [word.lower() for word in words[start:start + 2]]
        if len(words) >= 2 and pair in (["by", "owner"], ["by", "phase"]):
            grouping = "owner" if pair[1] == "owner" else "phase"
            del words[start:start + 2]
            break
    return " ".join(words), grouping


def _my_tasks(services: Services, command: dict[str, Any], ack: Ack, locale: str) -> None:
    with services.unit_of_work() as session:
        rows = task_repository.active_tasks_of_owner(
            session=session, team_id=command.get("team_id", ""), owner_id=command["user_id"], limit=MY_TASKS_FETCH
        )
        items = [TaskItem.of(task, campaign) for task, campaign in rows]
    ack(text=t("tasks.mine.title", locale), blocks=my_tasks(items, locale, services.clock.now()))


def _task_table(
    services: Services, command: dict[str, Any], ack: Ack, locale: str, reference: str, grouping: Grouping
) -> None:
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(
            session=session, team_id=command.get("team_id", ""), reference=reference,
            channel_id=command.get("channel_id"), sub="tasks all",
        )
        assert campaign.id is not None
        tasks = task_repository.tasks_of_campaign(session=session, campaign_id=campaign.id)
        milestones = task_repository.milestones_of_campaign(session=session, campaign_id=campaign.id)
        blocks = task_table(campaign, tasks, milestones, locale, services.clock.now(), by=grouping)
        text = t("tasks.all.fallback", locale, campaign=escape(campaign.name))
    ack(text=text, blocks=blocks)


# --- the message a button was in --------------------------------------------------------------------------------

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
    def of_click(cls, body: dict[str, Any]) -> TaskMessage:
        container = body.get("container") or {}
        message = body.get("message") or {}
        head, ids, tail = split_task_message(message.get("blocks") or [])
        if not ids:
            head, tail = [], []
        ephemeral = bool(container.get("is_ephemeral"))
        return cls(
            channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
            message_ts=container.get("message_ts") or message.get("ts"),
            response_url=body.get("response_url") if ephemeral else None,
            task_ids=tuple(ids), head=tuple(head), tail=tuple(tail), text=message.get("text"),
        )

    @classmethod
    def of_metadata(cls, metadata: TaskModalMetadata) -> TaskMessage:
        return cls(channel_id=metadata.channel_id, message_ts=metadata.message_ts,
                   response_url=metadata.response_url, task_ids=metadata.task_ids, head=metadata.head,
                   tail=metadata.tail)

    def metadata_for(self, task_id: int) -> TaskModalMetadata:
        return TaskModalMetadata(task_id=task_id, channel_id=self.channel_id, message_ts=self.message_ts,
                                 response_url=self.response_url, task_ids=self.task_ids, head=self.head,
                                 tail=self.tail)


def rerender(services: Services, message: TaskMessage, *, user_id: str, team_id: str, locale: str) -> None:
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
            rows = task_repository.active_tasks_of_owner(session=session, team_id=team_id, owner_id=user_id,
                                                         limit=MY_TASKS_FETCH)
            blocks = my_tasks([TaskItem.of(task, campaign) for task, campaign in rows], locale, now)
    text = message.text or t("task.fallback", locale)
    if message.response_url:
        services.slack.respond(message.response_url, text=text, blocks=blocks, replace_original=True)
    elif message.channel_id and message.message_ts:
        services.slack.update_message(message.channel_id, message.message_ts, text=text, blocks=blocks)


def _items(session: Any, task_ids: list[int], team_id: str) -> list[TaskItem]:
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






def _quoted(text: str) -> str:
    """Escaped, every line kept inside the mrkdwn quote that the message template starts."""
    return escape(text).replace("\n", "\n>")


# --- listeners ---------------------------------------------------------------------------------------------------

def _change(services: Services, body: dict[str, Any], to: TaskStatus) -> None:
    user_id = body["user"]["id"]
    task_id = task_id_of(body)
    with services.unit_of_work() as session:
        task_service.change_task_status(session=session, task_id=task_id, to=to,
                                        actor=actor_of(services, body), now=services.clock.now())
    rerender(services, TaskMessage.of_click(body), user_id=user_id, team_id=_team(body),
             locale=services.locale_for(user_id))



@reports_errors
def task_done(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _change(services, body, TaskStatus.DONE)



@reports_errors
def task_open(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _change(services, body, TaskStatus.OPEN)



@reports_errors
def task_blocked(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()  # the modal must open within 3 s of the click
    user_id = body["user"]["id"]
    task_id = task_id_of(body)
    with services.unit_of_work() as session:
        task, campaign = task_service.changeable_task(session=session, task_id=task_id,
                                                      actor=actor_of(services, body))
        item = TaskItem.of(task, campaign)
    metadata = TaskMessage.of_click(body).metadata_for(task_id)
    services.slack.open_view(body["trigger_id"], blocked_modal(item, metadata.dump(),
                                                               services.locale_for(user_id)))



@reports_errors
def blocked_reason(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = TaskModalMetadata.load(view.get("private_metadata"))
    if metadata is None:
        ack(response_action="errors", errors={Field.REASON: t("task.gone", locale)})
        return
    reason, errors = task_service.check_reason(SubmittedState(view).text(Field.REASON))
    if reason is None:
        ack(response_action="errors", errors=field_errors(errors, locale))
        return
    now = services.clock.now()
    try:
        with services.unit_of_work() as session:
            actor = actor_of(services, body)
            # Locked first, so the status read here is the one the change starts from.
            before, campaign = task_service.changeable_task(session=session, task_id=metadata.task_id,
                                                            actor=actor, for_update=True)
            was_blocked = before.status == TaskStatus.BLOCKED
            task = task_service.change_task_status(session=session, task_id=metadata.task_id,
                                                   to=TaskStatus.BLOCKED, actor=actor, now=now, reason=reason)
            item = TaskItem.of(task, campaign)
            notes = []
            if not was_blocked and campaign.owner_id != user_id:
                notes.append(_tell_campaign_owner(services, session, campaign.owner_id, item, user_id, reason, now))
    except CampaignBotError as error:
        # Not a typing mistake (no longer allowed, campaign closed, task gone): say it on the field.
        ack(response_action="errors", errors={Field.REASON: render_error(error, locale)})
        return
    ack()
    outbox.deliver(services, notes)
    rerender(services, TaskMessage.of_metadata(metadata), user_id=user_id, team_id=_team(body), locale=locale)



@reports_errors
def add_milestone(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id_of(body),
                                                  team_id=team_of(body))
        if not policy.can_manage_tasks(actor_of(services, body), campaign):
            raise NotAllowed("milestone.add.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
        metadata = ModalMetadata(campaign_id=campaign.id, channel_id=campaign.channel_id)
    services.slack.open_view(body["trigger_id"], milestone_modal(metadata.dump(), services.locale_for(user_id)))



@reports_errors
def new_milestone(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        ack(response_action="errors", errors={Field.MILESTONE_NAME: t("campaign.gone", locale)})
        return
    state = SubmittedState(view)
    try:
        with services.unit_of_work() as session:
            milestone, outcome = task_service.add_milestone(
                session=session, campaign_id=metadata.campaign_id, name=state.text(Field.MILESTONE_NAME),
                on_date=state.date(Field.MILESTONE_DATE), actor=actor_of(services, body),
                now=services.clock.now(),
            )
            campaign = repo.get_campaign(session=session, campaign_id=metadata.campaign_id, team_id=team_of(body))
            assert campaign is not None
            notes: list[str] = []
            if outcome != "unchanged":
                note = t(f"milestone.{outcome}.note", locale, actor=mention(user_id), name=escape(milestone.name),
                         day=formatting.day(milestone.on_date, locale), campaign=escape(campaign.name))
                notes.append(outbox.one_off_key("milestone_note"))
                outbox.enqueue(session, key=notes[0], kind="milestone_note", channel=campaign.channel_id, text=note,
                               now=services.clock.now(), campaign_id=campaign.id)
    except FormRejected as rejected:
        ack(response_action="errors", errors=field_errors(rejected.errors, locale))
        return
    except CampaignBotError as error:
        ack(response_action="errors", errors={Field.MILESTONE_NAME: render_error(error, locale)})
        return
    ack()
    outbox.deliver(services, notes)
    refresh_card(services, metadata.campaign_id, locale)



def _team(body: dict[str, Any]) -> str:
    return (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or ""


def _tell_campaign_owner(
    services: Services, session: Session, owner_id: str, item: TaskItem, actor_id: str, reason: str, now: datetime
) -> str:
    """The owner's DM about a newly blocked task, in the caller's transaction; returns its outbox key."""
    locale = services.locale_for(owner_id)
    text = truncate(t("task.blocked.dm", locale, actor=mention(actor_id), campaign=escape(item.campaign_name),
                      title=truncate(escape(item.title), 1000), reason=_quoted(reason)), SECTION_TEXT_LIMIT)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=text)), *task_items([item], locale, now)]
    key = outbox.one_off_key(f"task:{item.id}:blocked")
    outbox.enqueue(session, key=key, kind="task_blocked_note", channel=owner_id, text=text, blocks=blocks, now=now)
    return key



def register(app: App) -> None:
    app.action(Action.TASK_DONE)(task_done)
    app.action(Action.TASK_OPEN)(task_open)
    app.action(Action.TASK_BLOCKED)(task_blocked)
    app.view(View.TASK_BLOCKED_REASON)(blocked_reason)
    app.action(Action.ADD_MILESTONE)(add_milestone)
    app.view(View.NEW_MILESTONE)(new_milestone)
