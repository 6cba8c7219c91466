"""Buttons on campaign cards."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.campaign_modal import campaign_modal
from bot.blocks.metadata import ModalMetadata
from bot.ids import Action
from bot.services import Services
from bot.usecases import campaign_flows, signoff_flows
from handlers.forms import actor_of, campaign_id_of, reports_errors, team_of


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


@reports_errors
def open_editor(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    locale = services.locale_for(body["user"]["id"])
    form, campaign_id, channel_id = campaign_flows.editor_form(
        services, campaign_id=campaign_id_of(body), team_id=team_of(body), actor=actor_of(services, body))
    metadata = ModalMetadata(campaign_id=campaign_id, channel_id=channel_id)
    services.slack.open_view(body["trigger_id"], campaign_modal(form, metadata, locale, editing=True))


def register(app: App) -> None:
    app.action(Action.APPROVE_CAMPAIGN)(approve)
    app.action(Action.REQUEST_CHANGES)(open_request_changes)
    app.action(Action.EDIT_CAMPAIGN)(open_editor)
