"""Incidents in Slack: `/campaign incident` and its modal, Acknowledge / Resolve / Escalate on the incident card,
and the Emergency plan button and modal on the campaign card.

Everything said goes through the outbox in the use case's own transaction; right after the commit the handler
delivers what is due, so a report reaches its responder within the click, and a crash in between loses nothing
(the scheduler's delivery pass sends it a minute later).
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App

from bot import policy
from bot.blocks.incident_blocks import plan_modal, plan_saved_note, read_plan, read_report, report_modal
from bot.blocks.metadata import ModalMetadata
from bot.domain.campaigns import LIVE_STATUSES, Status
from bot.errors import CampaignBotError, InvalidInput, NotAllowed
from bot.i18n import t
from bot.ids import Action, Field, View
from bot.messages import render_error
from bot.services import Services
from bot.slack import outbox
from bot.usecases import campaign_service, incident_service
from handlers.errors import reports_errors
from handlers.forms import actor_of, campaign_id_of, field_errors, first_submission, incident_id_of, team_of

log = logging.getLogger(__name__)


def incident_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """`/campaign incident [campaign]` (wired into handlers/commands.py): anyone may report."""
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(
            session=session, team_id=command.get("team_id", ""), reference=rest,
            channel_id=command.get("channel_id"), sub="incident",
        )
        if Status(campaign.status) not in LIVE_STATUSES:
            raise InvalidInput("form.error.campaign_closed")
        if not policy.can_report_incident(actor_of(services, command), campaign):
            raise NotAllowed("error.not_allowed")  # today anyone may report; the rule lives in bot.policy
        metadata = ModalMetadata(campaign_id=campaign.id, channel_id=command.get("channel_id")).dump()
        name = campaign.name
    ack()  # the modal must open within 3 s of the trigger
    services.slack.open_view(command["trigger_id"], report_modal(name, metadata, locale))


def deliver_now(services: Services) -> None:
    """Send what the use case just wrote to the outbox; the delivery pass retries whatever fails here."""
    try:
        outbox.deliver_due(services, services.clock.now())
    except Exception:
        log.exception("delivering incident messages failed; the scheduler will retry")




def _clicked(body: dict[str, Any]) -> tuple[str, str, list[dict[str, Any]]] | None:
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    return (channel, ts, list(message.get("blocks") or [])) if channel and ts else None


@reports_errors
def report(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        ack(response_action="errors", errors={Field.INCIDENT_DESCRIPTION: t("campaign.gone", locale)})
        return
    checked, errors = incident_service.check_report(read_report(view))
    if checked is None:
        ack(response_action="errors", errors=field_errors(errors, locale))
        return
    kind, severity, description = checked
    now = services.clock.now()
    try:
        with services.unit_of_work() as session:
            if not first_submission(session, view, now):
                ack()  # the same report again (a double-click, a replay): the first one opened the incident
                return
            incident = incident_service.open_incident(
                session=session, campaign_id=metadata.campaign_id, kind=kind, severity=severity,
                description=description, reporter_id=user_id, now=now, team_id=team_of(body),
            )
            incident_service.announce_incident(session=session, incident=incident, now=now,
                                               locale_for=services.locale_for)
    except CampaignBotError as error:  # the campaign closed or vanished since the modal opened
        ack(response_action="errors", errors={Field.INCIDENT_DESCRIPTION: render_error(error, locale)})
        return
    ack()
    deliver_now(services)



def _handle(services: Services, body: dict[str, Any], use_case: Any) -> None:
    incident_id = incident_id_of(body)
    with services.unit_of_work() as session:
        use_case(session=session, incident_id=incident_id, actor=actor_of(services, body),
                 now=services.clock.now(), locale_for=services.locale_for)
    incident_service.refresh_card(services, incident_id, also=_clicked(body))
    deliver_now(services)



@reports_errors
def acknowledge(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _handle(services, body, incident_service.acknowledge)



@reports_errors
def resolve(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _handle(services, body, incident_service.resolve)



@reports_errors
def escalate(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _handle(services, body, incident_service.escalate)



@reports_errors
def open_plan(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    with services.unit_of_work() as session:
        campaign = incident_service.plan_campaign(session=session, campaign_id=campaign_id_of(body),
                                                  actor=actor_of(services, body))
        metadata = ModalMetadata(campaign_id=campaign.id, channel_id=campaign.channel_id).dump()
        view = plan_modal(campaign, incident_service.plan_of(campaign), metadata, locale)
    services.slack.open_view(body["trigger_id"], view)



@reports_errors
def save_plan(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        ack(response_action="errors", errors={Field.PLAN_SPONSOR: t("campaign.gone", locale)})
        return
    responders, sponsor = read_plan(view)
    try:
        with services.unit_of_work() as session:
            plan = incident_service.set_plan(session=session, campaign_id=metadata.campaign_id,
                                             responders=responders, sponsor_id=sponsor,
                                             actor=actor_of(services, body), now=services.clock.now())
            campaign = campaign_service.live_campaign(session=session, campaign_id=metadata.campaign_id,
                                                      team_id=team_of(body))
            note = outbox.one_off_key("plan_note")
            outbox.enqueue(session, key=note, kind="plan_note", channel=campaign.channel_id,
                           text=plan_saved_note(user_id, campaign.name, plan, locale), now=services.clock.now(),
                           campaign_id=campaign.id)
    except CampaignBotError as error:  # no longer allowed, or the campaign closed
        ack(response_action="errors", errors={Field.PLAN_SPONSOR: render_error(error, locale)})
        return
    ack()
    outbox.deliver(services, [note])



def register(app: App) -> None:
    app.view(View.REPORT_INCIDENT)(report)
    app.action(Action.INCIDENT_ACKNOWLEDGE)(acknowledge)
    app.action(Action.INCIDENT_RESOLVE)(resolve)
    app.action(Action.INCIDENT_ESCALATE)(escalate)
    app.action(Action.OPEN_EMERGENCY_PLAN)(open_plan)
    app.view(View.EMERGENCY_PLAN)(save_plan)
