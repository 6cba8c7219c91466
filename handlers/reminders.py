"""The Reminders button on a campaign card and its settings modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import campaign_id_of, opens_modal, submits_form
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.reminders import flows as reminder_setup
from bot.reminders.blocks import read_reminder_settings


@opens_modal
def open_settings(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    return reminder_setup.settings_view(services, campaign_id=campaign_id_of(body), actor=actor, locale=locale)


@submits_form(Field.REMINDER_HOUR)
def save_settings(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    reminder_setup.save_settings(services, campaign_id=metadata.campaign_id or 0, entered=read_reminder_settings(view),
                                 actor=actor, locale=locale, answer=ack)


def register(app: App) -> None:
    app.action(Action.OPEN_REMINDER_SETTINGS)(open_settings)
    app.view(View.REMINDER_SETTINGS)(save_settings)
