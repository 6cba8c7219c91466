"""Readiness and follow-through: `/campaign checklist` (准备清单), its Done / Undo / Add item, the Add item modal,
and a milestone's "Done" / "Missed" on its day."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.kernel.blockkit.inputs import SubmittedState
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import InvalidInput
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import acks_first, campaign_id_of, clicked_id, opens_modal, submits_form
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.readiness.blocks.checklist import HEAD_BLOCK, add_item_modal
from bot.readiness.flows import checklist as checklist_flows
from bot.readiness.flows import milestones as milestone_follow_through
from bot.readiness.flows.checklist import ClickedMessage
from bot.readiness.flows.milestones import ClickedReminder
from bot.readiness.rules import MilestoneState

_LIST_PREFIX = HEAD_BLOCK.split("{", 1)[0]


def checklist_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                      locale: str) -> None:
    """(wired into handlers/router.py) The list, privately; a refusal is answered in the acknowledgement."""
    shown = checklist_flows.show(services, actor=actor, reference=rest,
                                 channel_id=command.get("channel_id"), locale=locale)
    ack(text=shown.text, blocks=shown.blocks)


def clicked_message(body: dict[str, Any]) -> ClickedMessage:
    container = body.get("container") or {}
    message = body.get("message") or {}
    blocks = message.get("blocks") or []
    ephemeral = bool(container.get("is_ephemeral"))
    return ClickedMessage(
        response_url=body.get("response_url") if ephemeral else None,  # the only way to change an ephemeral one
        channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
        message_ts=container.get("message_ts") or message.get("ts"),
        # An ephemeral list arrives without its blocks: only the list is ever ephemeral.
        is_list=ephemeral or any(
            str(block.get("block_id") or "").startswith(_LIST_PREFIX) for block in blocks if isinstance(block, dict)),
    )


def _tick(body: dict[str, Any], services: Services, actor: Actor, locale: str, done: bool) -> None:
    checklist_flows.tick(services, item_id=clicked_id(body, "readiness.checklist.gone"), done=done, actor=actor,
                         clicked=clicked_message(body), locale=locale)


@acks_first
def item_done(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    _tick(body, services, actor, locale, True)


@acks_first
def item_undo(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    _tick(body, services, actor, locale, False)


@opens_modal
def open_add_item(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    campaign_id, channel_id, owner_id = checklist_flows.add_context(services, campaign_id=campaign_id_of(body),
                                                                    actor=actor)
    return add_item_modal(ModalMetadata(campaign_id=campaign_id, channel_id=channel_id).dump(), owner_id, locale)


@submits_form(Field.CHECKLIST_TITLE)  # no longer allowed, closed or gone since the modal opened: on the title
def add_item(ack: Ack, view: dict[str, Any], services: Services, actor: Actor) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        raise InvalidInput("campaigns.gone")
    state = SubmittedState(view)
    checklist_flows.add(services, campaign_id=metadata.campaign_id, title=state.text(Field.CHECKLIST_TITLE),
                        owner_id=state.user(Field.CHECKLIST_OWNER), due=state.date(Field.CHECKLIST_DUE),
                        actor=actor, answer=ack)


def _mark(body: dict[str, Any], services: Services, actor: Actor, state: MilestoneState) -> None:
    container = body.get("container") or {}
    message = body.get("message") or {}
    milestone_follow_through.mark(
        services, milestone_id=clicked_id(body, "readiness.milestone.gone"), state=state, actor=actor,
        clicked=ClickedReminder(channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
                                message_ts=container.get("message_ts") or message.get("ts")))


@acks_first
def milestone_done(body: dict[str, Any], services: Services, actor: Actor) -> None:
    _mark(body, services, actor, MilestoneState.DONE)


@acks_first
def milestone_missed(body: dict[str, Any], services: Services, actor: Actor) -> None:
    _mark(body, services, actor, MilestoneState.MISSED)


def register(app: App) -> None:
    app.action(Action.CHECKLIST_DONE)(item_done)
    app.action(Action.CHECKLIST_UNDO)(item_undo)
    app.action(Action.CHECKLIST_ADD)(open_add_item)
    app.view(View.CHECKLIST_ITEM)(add_item)
    app.action(Action.MILESTONE_DONE)(milestone_done)
    app.action(Action.MILESTONE_MISSED)(milestone_missed)
