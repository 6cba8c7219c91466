"""Complaint items in Slack: `/campaign feedback [campaign]` (wired into handlers/commands.py), the Assign and
Resolve buttons on an item (its channel card, the list, a DM) and their modals. Each listener parses the payload,
calls one of bot.usecases.feedback_flows and answers."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.feedback_blocks import FeedbackModalMetadata, read_assignee, read_reply
from bot.errors import InvalidInput
from bot.ids import Action, Field, View
from bot.services import Services
from bot.usecases import feedback_flows
from handlers.forms import actor_of, clicked_id, reports_errors, submits_form


def feedback_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    shown = feedback_flows.open_complaints(services, actor=actor_of(services, command), reference=rest,
                                           channel_id=command.get("channel_id"), locale=locale)
    ack(text=shown.text, blocks=shown.blocks)


def _item_id(view: dict[str, Any]) -> int:
    metadata = FeedbackModalMetadata.load(view.get("private_metadata"))
    if metadata is None:
        raise InvalidInput("feedback.gone")
    return metadata.item_id


@reports_errors
def open_assign(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()  # the modal must open within 3 s of the click
    view = feedback_flows.assign_view(services, item_id=clicked_id(body, "feedback.gone"),
                                      actor=actor_of(services, body))
    services.slack.open_view(body["trigger_id"], view)


@reports_errors
def open_resolve(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    view = feedback_flows.resolve_view(services, item_id=clicked_id(body, "feedback.gone"),
                                       actor=actor_of(services, body))
    services.slack.open_view(body["trigger_id"], view)


@submits_form(Field.FEEDBACK_ASSIGNEE)  # resolved meanwhile, no longer allowed, campaign closed: on the field
def assign(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    feedback_flows.assign(services, item_id=_item_id(view), assignee_id=read_assignee(view),
                          actor=actor_of(services, body), answer=ack)


@submits_form(Field.FEEDBACK_REPLY)
def resolve(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    feedback_flows.resolve(services, item_id=_item_id(view), reply=read_reply(view), actor=actor_of(services, body),
                           answer=ack)


def register(app: App) -> None:
    app.action(Action.FEEDBACK_ASSIGN)(open_assign)
    app.action(Action.FEEDBACK_RESOLVE)(open_resolve)
    app.view(View.FEEDBACK_ASSIGN)(assign)
    app.view(View.FEEDBACK_RESOLVE)(resolve)
