"""Cause & adjustment (原因与调整) on the incident card: the button opens the modal; its submission records the
adjustment (its refusals answered on the fields, nothing saved). Resolve lives in handlers/incidents.py: a pace
incident without a cause opens this same modal there."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.adjustments import flows as adjustment_flows
from bot.adjustments.blocks import AdjustmentMetadata, read_adjustment
from bot.adjustments.rules import AdjustField
from bot.kernel.ids import Action, View
from bot.kernel.listening.forms import incident_id_of, opens_modal, submission_key, submits_form
from bot.kernel.policy import Actor
from bot.kernel.services import Services


@opens_modal
def open_adjustment(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    return adjustment_flows.modal_view(services, incident_id=incident_id_of(body), actor=actor, locale=locale)


@submits_form(AdjustField.ADJUSTMENT)  # no longer allowed, the campaign closed, or the incident vanished
def save_adjustment(ack: Ack, view: dict[str, Any], services: Services, actor: Actor) -> None:
    adjustment_flows.save(services, metadata=AdjustmentMetadata.load(view.get("private_metadata")),
                          form=read_adjustment(view), actor=actor, submission=submission_key(view), answer=ack)


def register(app: App) -> None:
    app.action(Action.INCIDENT_ADJUST)(open_adjustment)
    app.view(View.INCIDENT_ADJUSTMENT)(save_adjustment)
