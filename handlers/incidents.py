"""Incidents in Slack: `/campaign incident` and its modal, Acknowledge / Resolve / Escalate on the incident card,
and the Emergency plan button and modal on the campaign card. Each listener parses the payload, calls one of
bot.incidents.flows and answers; what the use case writes to the outbox is delivered right after the
answer (a crash in between loses nothing: the scheduler's delivery pass sends it a minute later).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.home.flows import refresh_if_home
from bot.incidents import flows as incident_flows
from bot.incidents.blocks import read_plan, read_report
from bot.incidents.flows import Handling
from bot.incidents.service.card import Clicked
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.flow import deliver_now
from bot.kernel.i18n import t
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import (
    actor_of,
    campaign_id_of,
    field_errors,
    incident_id_of,
    reports_errors,
    submission_key,
    submits_form,
    team_of,
)
from bot.kernel.services import Services


def incident_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """`/campaign incident [campaign]` (wired into handlers/router.py): anyone may report."""
    view = incident_flows.report_modal_view(services, actor=actor_of(services, command), reference=rest,
                                            channel_id=command.get("channel_id"), locale=locale)
    ack()  # the modal must open within 3 s of the trigger
    services.slack.open_view(command["trigger_id"], view)


def _clicked(body: dict[str, Any]) -> Clicked | None:
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    return Clicked(channel, ts, body["user"]["id"]) if channel and ts else None


@submits_form(Field.INCIDENT_DESCRIPTION)  # the campaign may have closed or vanished since the modal opened
def report(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        ack(response_action="errors", errors={Field.INCIDENT_DESCRIPTION: t("campaign.gone", locale)})
        return
    errors = incident_flows.report(services, campaign_id=metadata.campaign_id, form=read_report(view),
                                   reporter_id=user_id, team_id=team_of(body), submission=submission_key(view))
    if errors:
        ack(response_action="errors", errors=field_errors(errors, locale))
        return
    ack()
    deliver_now(services)


def _handle(services: Services, body: dict[str, Any], what: Handling) -> None:
    incident_flows.handle(services, what, incident_id=incident_id_of(body), actor=actor_of(services, body),
                          clicked=_clicked(body), after=lambda: refresh_if_home(services, body))


@reports_errors
def acknowledge(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _handle(services, body, "acknowledge")


@reports_errors
def resolve(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """A pace incident without a cause asks for it first: the Cause & adjustment modal opens (saving resolves)."""
    ack()
    view = incident_flows.resolve_or_ask(services, incident_id=incident_id_of(body), actor=actor_of(services, body),
                                         clicked=_clicked(body), locale=services.locale_for(body["user"]["id"]),
                                         after=lambda: refresh_if_home(services, body))
    if view is not None:
        services.slack.open_view(body["trigger_id"], view)


@reports_errors
def escalate(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    _handle(services, body, "escalate")


@reports_errors
def open_plan(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    view = incident_flows.plan_modal_view(services, campaign_id=campaign_id_of(body), actor=actor_of(services, body),
                                          locale=services.locale_for(body["user"]["id"]))
    services.slack.open_view(body["trigger_id"], view)


@submits_form(Field.PLAN_SPONSOR)  # no longer allowed, or the campaign closed
def save_plan(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    locale = services.locale_for(body["user"]["id"])
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        ack(response_action="errors", errors={Field.PLAN_SPONSOR: t("campaign.gone", locale)})
        return
    responders, sponsor = read_plan(view)
    note = incident_flows.save_plan(services, campaign_id=metadata.campaign_id, responders=responders,
                                    sponsor_id=sponsor, actor=actor_of(services, body), locale=locale)
    ack()
    incident_flows.deliver(services, [note])


def register(app: App) -> None:
    app.view(View.REPORT_INCIDENT)(report)
    app.action(Action.INCIDENT_ACKNOWLEDGE)(acknowledge)
    app.action(Action.INCIDENT_RESOLVE)(resolve)
    app.action(Action.INCIDENT_ESCALATE)(escalate)
    app.action(Action.OPEN_EMERGENCY_PLAN)(open_plan)
    app.view(View.EMERGENCY_PLAN)(save_plan)
