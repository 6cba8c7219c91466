"""Buttons on campaign cards."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot import policy
from bot.blocks.campaign_modal import campaign_modal
from bot.blocks.metadata import ModalMetadata
from bot.errors import NotAllowed, UserRef
from bot.ids import Action
from bot.services import Services
from bot.usecases import campaign_service
from bot.usecases.announcements import refresh_card
from handlers.errors import reports_errors
from handlers.forms import actor_of, campaign_id_of, team_of
from storage import repositories as repo


@reports_errors
def approve(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    campaign_id = campaign_id_of(body)
    with services.unit_of_work() as session:
        campaign_service.approve_campaign(
            session=session, campaign_id=campaign_id, actor=actor_of(services, body),
            now=services.clock.now(),
        )
    refresh_card(services, campaign_id, services.locale_for(user_id))



@reports_errors
def open_editor(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id_of(body),
                                                  team_id=team_of(body))
        if not policy.can_edit_campaign(actor_of(services, body), campaign):
            raise NotAllowed("campaign.edit.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
        form = campaign_service.form_from_campaign(
            campaign, repo.kpi_targets(session=session, campaign_id=campaign.id or 0)
        )
        metadata = ModalMetadata(campaign_id=campaign.id, channel_id=campaign.channel_id)
    services.slack.open_view(body["trigger_id"], campaign_modal(form, metadata, locale, editing=True))



def register(app: App) -> None:
    app.action(Action.APPROVE_CAMPAIGN)(approve)
    app.action(Action.EDIT_CAMPAIGN)(open_editor)
