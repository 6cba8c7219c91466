"""The Reminders button on a campaign card: what its settings modal shows, and saving it with a channel note."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from slack_sdk.models.views import View as SlackView

from bot.campaigns.service import campaigns as campaign_service
from bot.campaigns.service.scheduling import settings_of
from bot.kernel import policy
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.blockkit.text import escape, mention
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.forms import FormRejected
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.pace.rules.pace import PhaseWeights
from bot.pace.service.anomalies import settings_of as alert_settings_of
from bot.reminders import service as reminders_service
from bot.reminders.blocks import reminder_settings_modal
from bot.reminders.rules import ReminderForm, form_of, read_reminder_form

Answer = Callable[[], object]


def settings_view(services: Services, *, campaign_id: int, actor: policy.Actor, locale: str) -> SlackView:
    """The campaign's reminder, alert, pace and holiday settings as the modal shows them (to who may edit them)."""
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        if not policy.can_edit_campaign(actor, campaign):
            raise NotAllowed("reminders.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
        form = form_of(settings_of(campaign), alert_settings_of(campaign),
                       PhaseWeights.load(campaign.pace_weights), campaign.country)
        metadata = ModalMetadata(campaign_id=campaign.id).dump()
        timezone, window = campaign.timezone, (campaign.start_date, campaign.end_date)
    return reminder_settings_modal(form, metadata, locale, timezone=timezone, window=window)


def save_settings(services: Services, *, campaign_id: int, entered: ReminderForm, actor: policy.Actor, locale: str,
                  answer: Answer) -> None:
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        chosen, errors = read_reminder_form(
            entered, start=campaign.start_date, end=campaign.end_date, zone=ZoneInfo(campaign.timezone),
            current=settings_of(campaign), alerts=alert_settings_of(campaign),
        )
        if chosen is None:
            raise FormRejected(errors)
        campaign = reminders_service.update_reminder_settings(
            session=session, campaign_id=campaign.pk, settings=chosen.reminders, alerts=chosen.alerts,
            weights=chosen.weights, country=chosen.country, actor=actor, now=services.clock.now(),
        )
        note = outbox.one_off_key("settings_note")
        outbox.enqueue(session, key=note, kind="settings_note", channel=campaign.channel_id,
                       text=t("reminders.saved", locale, actor=mention(actor.user_id), name=escape(campaign.name)),
                       now=services.clock.now(), campaign_id=campaign.id)
    answer()
    outbox.deliver(services, [note])
