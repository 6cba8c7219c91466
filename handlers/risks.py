"""`/campaign risks` (风险 / 风险预案): the risk register modal, Edit on a risk in it, saving a risk."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.metadata import ModalMetadata
from bot.blocks.risk_blocks import edit_modal, read_risk_form, register_modal
from bot.errors import InvalidInput
from bot.ids import Action, Field, View
from bot.services import Services
from bot.usecases import risk_register
from handlers.forms import actor_of, clicked_id, reports_errors, submission_key, submits_form


def risks_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py) A refusal is answered in the acknowledgement."""
    register = risk_register.register_named(services, reference=rest, channel_id=command.get("channel_id"),
                                            actor=actor_of(services, command))
    ack()
    services.slack.open_view(command["trigger_id"], register_modal(
        name=register.name, risks=register.risks, metadata=ModalMetadata(campaign_id=register.campaign_id).dump(),
        locale=locale))


@reports_errors
def edit_risk(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """Edit in the register: the same modal becomes that risk's form (views.update)."""
    ack()
    view = body.get("view") or {}
    campaign_id = ModalMetadata.load(view.get("private_metadata")).campaign_id
    if campaign_id is None or not view.get("id"):
        raise InvalidInput("risks.gone")
    risk = risk_register.risk_to_edit(services, campaign_id=campaign_id, risk_id=clicked_id(body, "risks.gone"),
                                      actor=actor_of(services, body))
    services.slack.update_view(view["id"], edit_modal(
        risk=risk, metadata=ModalMetadata(campaign_id=campaign_id, risk_id=risk.id).dump(),
        locale=services.locale_for(body["user"]["id"])))


@submits_form(Field.RISK_TITLE)  # no longer allowed, closed or gone since the modal opened: said on the title
def save_risk(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        raise InvalidInput("campaign.gone")
    risk_register.save_risk(services, campaign_id=metadata.campaign_id, risk_id=metadata.risk_id,
                            texts=read_risk_form(view), submission=submission_key(view),
                            actor=actor_of(services, body), answer=ack)


def register(app: App) -> None:
    app.action(Action.RISK_EDIT)(edit_risk)
    app.view(View.RISK_REGISTER)(save_risk)
