"""The Reminders button on a campaign card and its settings modal."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App

from bot import policy
from bot.blocks.metadata import ModalMetadata
from bot.blocks.reminder_settings_modal import read_reminder_settings, reminder_settings_modal
from bot.blocks.text import escape, mention
from bot.domain.pace import PhaseWeights
from bot.domain.reminder_settings_form import form_of, read_reminder_form
from bot.errors import CampaignBotError, NotAllowed, UserRef
from bot.i18n import t
from bot.ids import Action, Field, View
from bot.messages import render_error
from bot.services import Services
from bot.slack import outbox
from bot.usecases import campaign_service
from bot.usecases.anomaly_service import settings_of as alert_settings_of
from bot.usecases.campaign_service import FormRejected
from bot.usecases.scheduling import settings_of
from handlers.errors import reports_errors
from handlers.forms import actor_of, campaign_id_of, field_errors, team_of


@reports_errors
def open_settings(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id_of(body),
                                                  team_id=team_of(body))
        if not policy.can_edit_campaign(actor_of(services, body), campaign):
            raise NotAllowed("settings.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
        form = form_of(settings_of(campaign), alert_settings_of(campaign),
                       PhaseWeights.load(campaign.pace_weights), campaign.country)
        metadata = ModalMetadata(campaign_id=campaign.id).dump()
        timezone, window = campaign.timezone, (campaign.start_date, campaign.end_date)
    view = reminder_settings_modal(form, metadata, services.locale_for(user_id), timezone=timezone, window=window)
    services.slack.open_view(body["trigger_id"], view)



@reports_errors
def save_settings(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = ModalMetadata.load(view.get("private_metadata"))
    try:
        with services.unit_of_work() as session:
            campaign = campaign_service.live_campaign(session=session, campaign_id=metadata.campaign_id or 0,
                                                      team_id=team_of(body))
            chosen, errors = read_reminder_form(
                read_reminder_settings(view), start=campaign.start_date, end=campaign.end_date,
                zone=ZoneInfo(campaign.timezone), current=settings_of(campaign), alerts=alert_settings_of(campaign),
            )
            if chosen is None:
                raise FormRejected(errors)
            campaign = campaign_service.update_reminder_settings(
                session=session, campaign_id=campaign.id or 0, settings=chosen.reminders, alerts=chosen.alerts,
                weights=chosen.weights, country=chosen.country,
                actor=actor_of(services, body), now=services.clock.now(),
            )
            note = outbox.one_off_key("settings_note")
            outbox.enqueue(session, key=note, kind="settings_note", channel=campaign.channel_id,
                           text=t("settings.saved", locale, actor=mention(user_id), name=escape(campaign.name)),
                           now=services.clock.now(), campaign_id=campaign.id)
    except FormRejected as rejected:
        ack(response_action="errors", errors=field_errors(rejected.errors, locale))
        return
    except CampaignBotError as error:
        ack(response_action="errors", errors={Field.REMINDER_HOUR: render_error(error, locale)})
        return
    ack()
    outbox.deliver(services, [note])



def register(app: App) -> None:
    app.action(Action.OPEN_REMINDER_SETTINGS)(open_settings)
    app.view(View.REMINDER_SETTINGS)(save_settings)
