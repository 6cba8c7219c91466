"""Tasks in Slack: Done / Blocked / Open buttons, the Blocked-reason modal, `/campaign tasks [all]`, milestones.

The click's message is read here (`message_of_click`); rebuilding it after a change is the use case's
(bot/tasks/service/messages.py).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.home.flows import refresh_if_home
from bot.kernel.blockkit.inputs import SubmittedState
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import InvalidInput
from bot.kernel.forms import FormRejected
from bot.kernel.i18n import t
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import acks_first, campaign_id_of, opens_modal, submits_form, task_id_of
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.tasks.blocks.lines import Grouping, blocked_modal, milestone_modal, split_task_message
from bot.tasks.blocks.metadata import TaskModalMetadata
from bot.tasks.flows import changes as task_changes
from bot.tasks.flows import queries as task_queries
from bot.tasks.rules.tasks import TaskStatus
from bot.tasks.service import tasks as task_service
from bot.tasks.service.messages import TaskMessage

# --- `/campaign tasks [all [name] [by owner|phase]]` ------------------------------------------------------------


def tasks_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                  locale: str) -> None:
    words = rest.split()
    if not words:
        blocks = task_queries.my_task_list(services, team_id=command.get("team_id", ""), owner_id=actor.user_id,
                                           locale=locale)
        ack(text=t("tasks.mine.title", locale), blocks=blocks)
    elif words[0].lower() == "all":
        reference, grouping = parse_table_arguments(" ".join(words[1:]))
        table = task_queries.campaign_table(services, actor=actor, reference=reference,
                                            channel_id=command.get("channel_id"), grouping=grouping, locale=locale)
        ack(text=table.text, blocks=table.blocks)
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


def message_of_click(body: dict[str, Any]) -> TaskMessage:
    """Where the clicked task list is, and its blocks around the tasks."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    head, ids, tail = split_task_message(message.get("blocks") or [])
    if not ids:
        head, tail = [], []
    ephemeral = bool(container.get("is_ephemeral"))
    return TaskMessage(
        channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
        message_ts=container.get("message_ts") or message.get("ts"),
        response_url=body.get("response_url") if ephemeral else None,
        task_ids=tuple(ids), head=tuple(head), tail=tuple(tail), text=message.get("text"),
    )


# --- listeners ---------------------------------------------------------------------------------------------------

def _change(services: Services, body: dict[str, Any], actor: Actor, locale: str, to: TaskStatus) -> None:
    task_changes.change_status(services, task_id=task_id_of(body), to=to, actor=actor, message=message_of_click(body),
                               locale=locale)
    refresh_if_home(services, body)


@acks_first
def task_done(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    _change(services, body, actor, locale, TaskStatus.DONE)


@acks_first
def task_open(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    _change(services, body, actor, locale, TaskStatus.OPEN)


@opens_modal
def task_blocked(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    task_id = task_id_of(body)
    item = task_changes.blockable_item(services, task_id=task_id, actor=actor)
    return blocked_modal(item, message_of_click(body).metadata_for(task_id).dump(), locale)


@submits_form(Field.REASON)  # not a typing mistake (no longer allowed, campaign closed, task gone): on the field
def blocked_reason(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    metadata = TaskModalMetadata.load(view.get("private_metadata"))
    if metadata is None:
        raise InvalidInput("tasks.gone")
    reason, errors = task_service.check_reason(SubmittedState(view).text(Field.REASON))
    if reason is None:
        raise FormRejected(errors)
    task_changes.block_task(services, task_id=metadata.task_id, reason=reason, actor=actor,
                            message=TaskMessage.of_metadata(metadata), locale=locale, answer=ack)


@opens_modal
def add_milestone(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    campaign_id, channel_id = task_changes.milestone_campaign(services, campaign_id=campaign_id_of(body), actor=actor)
    return milestone_modal(ModalMetadata(campaign_id=campaign_id, channel_id=channel_id).dump(), locale)


@submits_form(Field.MILESTONE_NAME)
def new_milestone(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        raise InvalidInput("campaigns.gone")
    state = SubmittedState(view)
    task_changes.add_milestone(services, campaign_id=metadata.campaign_id, name=state.text(Field.MILESTONE_NAME),
                               on_date=state.date(Field.MILESTONE_DATE), owner_id=state.user(Field.MILESTONE_OWNER),
                               actor=actor, locale=locale, answer=ack)


def register(app: App) -> None:
    app.action(Action.TASK_DONE)(task_done)
    app.action(Action.TASK_OPEN)(task_open)
    app.action(Action.TASK_BLOCKED)(task_blocked)
    app.view(View.TASK_BLOCKED_REASON)(blocked_reason)
    app.action(Action.ADD_MILESTONE)(add_milestone)
    app.view(View.NEW_MILESTONE)(new_milestone)
