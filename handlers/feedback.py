"""Feedback in Slack: complaint items (`/campaign feedback`, Assign and Resolve with their modals) and the 1–5
buttons of the satisfaction question (满意度)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.feedback import flows as feedback_flows
from bot.feedback.blocks.complaints import FeedbackModalMetadata, read_assignee, read_reply
from bot.feedback.rules.satisfaction import score_of
from bot.feedback.service import satisfaction as satisfaction_survey
from bot.kernel.errors import InvalidInput
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import actor_of, campaign_id_of, clicked_id, reports_errors, submits_form
from bot.kernel.services import Services


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


def _register_feedback(app: App) -> None:
    app.action(Action.FEEDBACK_ASSIGN)(open_assign)
    app.action(Action.FEEDBACK_RESOLVE)(open_resolve)
    app.view(View.FEEDBACK_ASSIGN)(assign)
    app.view(View.FEEDBACK_RESOLVE)(resolve)


BUTTONS = re.compile(rf"^{re.escape(Action.SATISFACTION_PREFIX.value)}[0-9]+$")


@reports_errors
def answer(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    action_id = str((body.get("actions") or [{}])[0].get("action_id") or "")
    score = score_of(action_id, Action.SATISFACTION_PREFIX.value)
    if score is None:
        raise InvalidInput("satisfaction.gone")
    user_id = body["user"]["id"]
    satisfaction_survey.answer(services, campaign_id=campaign_id_of(body), score=score,
                               actor=actor_of(services, body), channel_id=(body.get("channel") or {}).get("id") or "",
                               locale=services.locale_for(user_id))


def _register_satisfaction(app: App) -> None:
    app.action(BUTTONS)(answer)


def register(app: App) -> None:
    _register_feedback(app)
    _register_satisfaction(app)
