"""Feedback in Slack: complaint items (`/campaign feedback`, Assign and Resolve with their modals) and the 1–5
buttons of the satisfaction question (满意度)."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.feedback import flows as feedback_flows
from bot.feedback.blocks.complaints import FeedbackModalMetadata, read_assignee, read_reply
from bot.feedback.rules.satisfaction import score_of
from bot.feedback.service import satisfaction as satisfaction_survey
from bot.kernel.errors import InvalidInput
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import acks_first, campaign_id_of, clicked_id, opens_modal, submits_form
from bot.kernel.policy import Actor
from bot.kernel.services import Services


def feedback_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                     locale: str) -> None:
    shown = feedback_flows.open_complaints(services, actor=actor, reference=rest,
                                           channel_id=command.get("channel_id"), locale=locale)
    ack(text=shown.text, blocks=shown.blocks)


def _item_id(view: dict[str, Any]) -> int:
    metadata = FeedbackModalMetadata.load(view.get("private_metadata"))
    if metadata is None:
        raise InvalidInput("feedback.gone")
    return metadata.item_id


@opens_modal
def open_assign(body: dict[str, Any], services: Services, actor: Actor) -> SlackView:
    return feedback_flows.assign_view(services, item_id=clicked_id(body, "feedback.gone"), actor=actor)


@opens_modal
def open_resolve(body: dict[str, Any], services: Services, actor: Actor) -> SlackView:
    return feedback_flows.resolve_view(services, item_id=clicked_id(body, "feedback.gone"), actor=actor)


@submits_form(Field.FEEDBACK_ASSIGNEE)  # resolved meanwhile, no longer allowed, campaign closed: on the field
def assign(ack: Ack, view: dict[str, Any], services: Services, actor: Actor) -> None:
    feedback_flows.assign(services, item_id=_item_id(view), assignee_id=read_assignee(view), actor=actor, answer=ack)


@submits_form(Field.FEEDBACK_REPLY)
def resolve(ack: Ack, view: dict[str, Any], services: Services, actor: Actor) -> None:
    feedback_flows.resolve(services, item_id=_item_id(view), reply=read_reply(view), actor=actor, answer=ack)


def _register_feedback(app: App) -> None:
    app.action(Action.FEEDBACK_ASSIGN)(open_assign)
    app.action(Action.FEEDBACK_RESOLVE)(open_resolve)
    app.view(View.FEEDBACK_ASSIGN)(assign)
    app.view(View.FEEDBACK_RESOLVE)(resolve)


BUTTONS = re.compile(rf"^{re.escape(Action.SATISFACTION_PREFIX.value)}[0-9]+$")


@acks_first
def answer(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    action_id = str((body.get("actions") or [{}])[0].get("action_id") or "")
    score = score_of(action_id, Action.SATISFACTION_PREFIX.value)
    if score is None:
        raise InvalidInput("feedback.satisfaction.gone")
    satisfaction_survey.answer(services, campaign_id=campaign_id_of(body), score=score, actor=actor,
                               channel_id=(body.get("channel") or {}).get("id") or "", locale=locale)


def _register_satisfaction(app: App) -> None:
    app.action(BUTTONS)(answer)


def register(app: App) -> None:
    _register_feedback(app)
    _register_satisfaction(app)
