"""Cause & adjustment (原因与调整) on the incident card: the button opens the modal; its submission records the
adjustment (its refusals answered on the fields, nothing saved). Resolve lives in handlers/incidents.py: a pace
incident without a cause opens this same modal there."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.adjustments import flows as adjustment_flows
from bot.adjustments.blocks import AdjustmentMetadata, read_adjustment
from bot.adjustments.rules import AdjustField
from bot.kernel.ids import Action, View
from bot.kernel.listening.forms import actor_of, incident_id_of, reports_errors, submission_key, submits_form
from bot.kernel.services import Services


@reports_errors
def open_adjustment(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    view = adjustment_flows.modal_view(services, incident_id=incident_id_of(body), actor=actor_of(services, body),
                                       locale=services.locale_for(body["user"]["id"]))
    services.slack.open_view(body["trigger_id"], view)


@submits_form(AdjustField.ADJUSTMENT)  # no longer allowed, the campaign closed, or the incident vanished
def save_adjustment(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    adjustment_flows.save(services, metadata=AdjustmentMetadata.load(view.get("private_metadata")),
                          form=read_adjustment(view), actor=actor_of(services, body), submission=submission_key(view),
                          answer=ack)


def register(app: App) -> None:
    app.action(Action.INCIDENT_ADJUST)(open_adjustment)
    app.view(View.INCIDENT_ADJUSTMENT)(save_adjustment)
