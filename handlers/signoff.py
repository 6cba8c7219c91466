"""Sign-off (审批) in Slack: Approve and Request changes on the card or in the approver's DM, and the comment modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import InvalidInput
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import actor_of, campaign_id_of, reports_errors, submission_key, submits_form
from bot.kernel.services import Services
from bot.signoff import flows as signoff_flows
from bot.signoff.blocks import read_comment


@reports_errors
def approve(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    signoff_flows.approve(services, campaign_id=campaign_id_of(body), actor=actor_of(services, body),
                          locale=services.locale_for(body["user"]["id"]))


@reports_errors
def open_request_changes(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    view = signoff_flows.changes_form(services, campaign_id=campaign_id_of(body), actor=actor_of(services, body),
                                      locale=services.locale_for(body["user"]["id"]))
    services.slack.open_view(body["trigger_id"], view)




@submits_form(Field.CHANGES_COMMENT)  # not a field mistake (approved meanwhile, no longer an approver)
def request_changes(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        raise InvalidInput("campaign.gone")
    comment = read_comment(view)
    if not comment:
        raise FormRejected([FieldError(Field.CHANGES_COMMENT, "form.error.required")])
    signoff_flows.request_changes(services, campaign_id=metadata.campaign_id, actor=actor_of(services, body),
                                  comment=comment, submission=submission_key(view),
                                  locale=services.locale_for(body["user"]["id"]), answer=ack)




def register(app: App) -> None:
    app.action(Action.APPROVE_CAMPAIGN)(approve)
    app.action(Action.REQUEST_CHANGES)(open_request_changes)
    app.view(View.REQUEST_CHANGES)(request_changes)
