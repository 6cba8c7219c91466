"""The Reminders button on a campaign card and its settings modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import actor_of, campaign_id_of, reports_errors, submits_form
from bot.kernel.services import Services
from bot.reminders import flows as reminder_setup
from bot.reminders.blocks import read_reminder_settings


@reports_errors
def open_settings(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    view = reminder_setup.settings_view(services, campaign_id=campaign_id_of(body), actor=actor_of(services, body),
                                        locale=services.locale_for(body["user"]["id"]))
    services.slack.open_view(body["trigger_id"], view)


@submits_form(Field.REMINDER_HOUR)
def save_settings(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    reminder_setup.save_settings(services, campaign_id=metadata.campaign_id or 0,
                                 entered=read_reminder_settings(view), actor=actor_of(services, body),
                                 locale=services.locale_for(body["user"]["id"]), answer=ack)


def register(app: App) -> None:
    app.action(Action.OPEN_REMINDER_SETTINGS)(open_settings)
    app.view(View.REMINDER_SETTINGS)(save_settings)
