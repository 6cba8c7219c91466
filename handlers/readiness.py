"""Readiness and follow-through: `/campaign checklist` (准备清单), its Done / Undo / Add item, the Add item modal,
and a milestone's "Done" / "Missed" on its day."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.kernel.blockkit.inputs import SubmittedState
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import InvalidInput
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import actor_of, campaign_id_of, clicked_id, reports_errors, submits_form
from bot.kernel.services import Services
from bot.readiness.blocks.checklist import HEAD_BLOCK, add_item_modal
from bot.readiness.flows import checklist as checklist_flows
from bot.readiness.flows import milestones as milestone_follow_through
from bot.readiness.flows.checklist import ClickedMessage
from bot.readiness.flows.milestones import ClickedReminder
from bot.readiness.rules import MilestoneState

_LIST_PREFIX = HEAD_BLOCK.split("{", 1)[0]


def checklist_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/router.py) The list, privately; a refusal is answered in the acknowledgement."""
    shown = checklist_flows.show(services, actor=actor_of(services, command), reference=rest,
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


def _tick(body: dict[str, Any], services: Services, done: bool) -> None:
    checklist_flows.tick(services, item_id=clicked_id(body, "checklist.gone"), done=done,
                         actor=actor_of(services, body), clicked=clicked_message(body),
                         locale=services.locale_for(body["user"]["id"]))


@reports_errors
def item_done(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _tick(body, services, True)


@reports_errors
def item_undo(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _tick(body, services, False)


@reports_errors
def open_add_item(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()  # the modal must open within 3 s of the click
    campaign_id, channel_id, owner_id = checklist_flows.add_context(services, campaign_id=campaign_id_of(body),
                                                                    actor=actor_of(services, body))
    metadata = ModalMetadata(campaign_id=campaign_id, channel_id=channel_id).dump()
    services.slack.open_view(body["trigger_id"], add_item_modal(metadata, owner_id,
                                                                services.locale_for(body["user"]["id"])))


@submits_form(Field.CHECKLIST_TITLE)  # no longer allowed, closed or gone since the modal opened: on the title
def add_item(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        raise InvalidInput("campaign.gone")
    state = SubmittedState(view)
    checklist_flows.add(services, campaign_id=metadata.campaign_id, title=state.text(Field.CHECKLIST_TITLE),
                        owner_id=state.user(Field.CHECKLIST_OWNER), due=state.date(Field.CHECKLIST_DUE),
                        actor=actor_of(services, body), answer=ack)


def _mark(body: dict[str, Any], services: Services, state: MilestoneState) -> None:
    container = body.get("container") or {}
    message = body.get("message") or {}
    milestone_follow_through.mark(
        services, milestone_id=clicked_id(body, "milestone.gone"), state=state, actor=actor_of(services, body),
        clicked=ClickedReminder(channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
                                message_ts=container.get("message_ts") or message.get("ts")))


@reports_errors
def milestone_done(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _mark(body, services, MilestoneState.DONE)


@reports_errors
def milestone_missed(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _mark(body, services, MilestoneState.MISSED)


def register(app: App) -> None:
    app.action(Action.CHECKLIST_DONE)(item_done)
    app.action(Action.CHECKLIST_UNDO)(item_undo)
    app.action(Action.CHECKLIST_ADD)(open_add_item)
    app.view(View.CHECKLIST_ITEM)(add_item)
    app.action(Action.MILESTONE_DONE)(milestone_done)
    app.action(Action.MILESTONE_MISSED)(milestone_missed)
