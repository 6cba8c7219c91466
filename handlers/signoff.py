"""Sign-off (审批) in Slack: Approve and Request changes on the card or in the approver's DM, and the comment modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import InvalidInput
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import acks_first, campaign_id_of, opens_modal, submission_key, submits_form
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.signoff import flows as signoff_flows
from bot.signoff.blocks import read_comment


@acks_first
def approve(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    signoff_flows.approve(services, campaign_id=campaign_id_of(body), actor=actor, locale=locale)


@opens_modal
def open_request_changes(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    return signoff_flows.changes_form(services, campaign_id=campaign_id_of(body), actor=actor, locale=locale)




@submits_form(Field.CHANGES_COMMENT)  # not a field mistake (approved meanwhile, no longer an approver)
def request_changes(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        raise InvalidInput("campaigns.gone")
    comment = read_comment(view)
    if not comment:
        raise FormRejected([FieldError(Field.CHANGES_COMMENT, "form.error.required")])
    signoff_flows.request_changes(services, campaign_id=metadata.campaign_id, actor=actor, comment=comment,
                                  submission=submission_key(view), locale=locale, answer=ack)




def register(app: App) -> None:
    app.action(Action.APPROVE_CAMPAIGN)(approve)
    app.action(Action.REQUEST_CHANGES)(open_request_changes)
    app.view(View.REQUEST_CHANGES)(request_changes)
