"""Modal submissions of the campaign form: validate, save in one transaction, answer errors on the offending field."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.campaign_modal import read_campaign_form
from bot.blocks.metadata import ModalMetadata
from bot.blocks.signoff_blocks import read_comment
from bot.domain.campaigns import validate_campaign_form
from bot.domain.forms import FieldError, FormRejected
from bot.errors import InvalidInput
from bot.ids import Field, View
from bot.services import Services
from bot.usecases import campaign_flows, signoff_flows
from handlers.forms import actor_of, submission_key, submits_form


@submits_form(Field.NAME)  # not a field mistake (the database was busy): said on the name; nothing saved
def new_campaign(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    draft, errors = validate_campaign_form(read_campaign_form(view))
    if draft is None:
        raise FormRejected(errors)
    campaign_flows.create_campaign(services, team_id=body.get("team", {}).get("id", ""), draft=draft,
                                   creator_id=user_id, submission=submission_key(view),
                                   locale=services.locale_for(user_id), answer=ack)


@submits_form(Field.NAME)  # not a field mistake (the campaign closed, or ownership changed meanwhile)
def edit_campaign(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    draft, errors = validate_campaign_form(read_campaign_form(view))
    if draft is None:
        raise FormRejected(errors)
    if metadata.campaign_id is None:
        raise InvalidInput("campaign.gone")
    campaign_flows.edit_campaign(services, campaign_id=metadata.campaign_id, draft=draft,
                                 actor=actor_of(services, body), locale=services.locale_for(body["user"]["id"]),
                                 answer=ack)


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
    app.view(View.NEW_CAMPAIGN)(new_campaign)
    app.view(View.EDIT_CAMPAIGN)(edit_campaign)
    app.view(View.REQUEST_CHANGES)(request_changes)
