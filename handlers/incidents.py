"""Incidents in Slack: `/campaign incident` and its modal, Acknowledge / Resolve / Escalate on the incident card,
and the Emergency plan button and modal on the campaign card. Each listener parses the payload, calls one of
bot.incidents.flows and answers; what the use case writes to the outbox is delivered right after the
answer (a crash in between loses nothing: the scheduler's delivery pass sends it a minute later).
"""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

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
    acks_first,
    campaign_id_of,
    field_errors,
    incident_id_of,
    opens_modal,
    submission_key,
    submits_form,
    team_of,
)
from bot.kernel.policy import Actor
from bot.kernel.services import Services


def incident_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                     locale: str) -> SlackView:
    """`/campaign incident [campaign]` (wired into handlers/router.py): anyone may report."""
    return incident_flows.report_modal_view(services, actor=actor, reference=rest,
                                            channel_id=command.get("channel_id"), locale=locale)


def _clicked(body: dict[str, Any]) -> Clicked | None:
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    return Clicked(channel, ts, body["user"]["id"]) if channel and ts else None


@submits_form(Field.INCIDENT_DESCRIPTION)  # the campaign may have closed or vanished since the modal opened
def report(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services, actor: Actor,
           locale: str) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        ack(response_action="errors", errors={Field.INCIDENT_DESCRIPTION: t("campaigns.gone", locale)})
        return
    errors = incident_flows.report(services, campaign_id=metadata.campaign_id, form=read_report(view),
                                   reporter_id=actor.user_id, team_id=team_of(body), submission=submission_key(view))
    if errors:
        ack(response_action="errors", errors=field_errors(errors, locale))
        return
    ack()
    deliver_now(services)


def _handle(services: Services, body: dict[str, Any], actor: Actor, what: Handling) -> None:
    incident_flows.handle(services, what, incident_id=incident_id_of(body), actor=actor, clicked=_clicked(body),
                          after=lambda: refresh_if_home(services, body))


@acks_first
def acknowledge(body: dict[str, Any], services: Services, actor: Actor) -> None:
    _handle(services, body, actor, "acknowledge")


@opens_modal
def resolve(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView | None:
    """A pace incident without a cause asks for it first: the Cause & adjustment modal opens (saving resolves)."""
    return incident_flows.resolve_or_ask(services, incident_id=incident_id_of(body), actor=actor,
                                         clicked=_clicked(body), locale=locale,
                                         after=lambda: refresh_if_home(services, body))


@acks_first
def escalate(body: dict[str, Any], services: Services, actor: Actor) -> None:
    _handle(services, body, actor, "escalate")


@opens_modal
def open_plan(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    return incident_flows.plan_modal_view(services, campaign_id=campaign_id_of(body), actor=actor, locale=locale)


@submits_form(Field.PLAN_SPONSOR)  # no longer allowed, or the campaign closed
def save_plan(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        ack(response_action="errors", errors={Field.PLAN_SPONSOR: t("campaigns.gone", locale)})
        return
    responders, sponsor = read_plan(view)
    note = incident_flows.save_plan(services, campaign_id=metadata.campaign_id, responders=responders,
                                    sponsor_id=sponsor, actor=actor, locale=locale)
    ack()
    incident_flows.deliver(services, [note])


def register(app: App) -> None:
    app.view(View.REPORT_INCIDENT)(report)
    app.action(Action.INCIDENT_ACKNOWLEDGE)(acknowledge)
    app.action(Action.INCIDENT_RESOLVE)(resolve)
    app.action(Action.INCIDENT_ESCALATE)(escalate)
    app.action(Action.OPEN_EMERGENCY_PLAN)(open_plan)
    app.view(View.EMERGENCY_PLAN)(save_plan)
