"""Modal submissions: validate, save in one transaction, answer errors on the offending field."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.campaign_modal import read_campaign_form
from bot.blocks.metadata import ModalMetadata
from bot.domain.campaigns import validate_campaign_form
from bot.errors import CampaignBotError
from bot.i18n import t
from bot.ids import Field, View
from bot.messages import render_error
from bot.services import Services
from bot.usecases import campaign_service
from bot.usecases.announcements import enqueue_card, publish_card, refresh_card
from bot.usecases.campaign_service import FormRejected
from handlers.errors import reports_errors
from handlers.forms import actor_of, field_errors, first_submission


@reports_errors
def new_campaign(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    draft, errors = validate_campaign_form(read_campaign_form(view))
    if draft is None:
        ack(response_action="errors", errors=field_errors(errors, locale))
        return
    try:
        with services.unit_of_work() as session:
            if not first_submission(session, view, services.clock.now()):
                ack()  # the same submission again (a double-click, a replay): the first one saved it
                return
            campaign = campaign_service.create_campaign(
                session=session, team_id=body.get("team", {}).get("id", ""), draft=draft,
                creator_id=user_id, now=services.clock.now(),
            )
            campaign_id = campaign.id
            card = enqueue_card(session, campaign, locale, services.clock.now())
    except FormRejected as rejected:
        ack(response_action="errors", errors=field_errors(rejected.errors, locale))
        return
    except CampaignBotError as error:  # the database was busy: nothing saved, say so on the form
        ack(response_action="errors", errors={Field.NAME: render_error(error, locale)})
        return
    ack()
    assert campaign_id is not None
    publish_card(services, campaign_id, card, locale)



@reports_errors
def edit_campaign(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = ModalMetadata.load(view.get("private_metadata"))
    draft, errors = validate_campaign_form(read_campaign_form(view))
    if draft is None:
        ack(response_action="errors", errors=field_errors(errors, locale))
        return
    if metadata.campaign_id is None:
        ack(response_action="errors", errors={Field.NAME: t("campaign.gone", locale)})
        return
    try:
        with services.unit_of_work() as session:
            campaign_service.update_campaign(
                session=session, campaign_id=metadata.campaign_id, draft=draft,
                actor=actor_of(services, body), now=services.clock.now(),
            )
    except FormRejected as rejected:
        ack(response_action="errors", errors=field_errors(rejected.errors, locale))
        return
    except CampaignBotError as error:
        # Not a field mistake (the campaign closed, or ownership changed meanwhile): say it on the name.
        ack(response_action="errors", errors={Field.NAME: render_error(error, locale)})
        return
    ack()
    refresh_card(services, metadata.campaign_id, locale)



def register(app: App) -> None:
    app.view(View.NEW_CAMPAIGN)(new_campaign)
    app.view(View.EDIT_CAMPAIGN)(edit_campaign)
