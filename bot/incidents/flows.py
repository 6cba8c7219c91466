"""What a click, a form or a scheduler pass asks of incidents, from start to finish: look up who reads in which
language (Slack, before any transaction), do the use case in one transaction, then re-render the card and send
what it wrote to the outbox. Handlers and the escalation pass call these and nothing else of incidents."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from slack_sdk.models.views import View as SlackView

from bot.adjustments import service as adjustment_service
from bot.campaigns.rules.campaign import LIVE_STATUSES, Status
from bot.campaigns.service import campaigns as campaign_service
from bot.incidents import flows as incident_flows
from bot.incidents.blocks import ReportForm, plan_modal, plan_saved_note, report_modal
from bot.incidents.service import incidents as incident_service
from bot.incidents.service.card import Clicked, refresh_card
from bot.incidents.service.ladder import (
    locales_of,
    people_of,
    plan_of,
)
from bot.kernel import policy
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import InvalidInput, NotAllowed
from bot.kernel.flow import deliver_now
from bot.kernel.forms import FieldError
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.plan.rules.emergency_plan import EmergencyPlan, IncidentKind
from storage import claims as claim_repository
from storage.repositories import campaigns as campaigns_repo

log = logging.getLogger(__name__)

Handling = Literal["acknowledge", "resolve", "escalate"]
_HANDLING = {"acknowledge": incident_service.acknowledge, "resolve": incident_service.resolve,
             "escalate": incident_service.escalate}


def deliver(services: Services, keys: Sequence[str]) -> None:
    outbox.deliver(services, keys)


# --- reporting ---------------------------------------------------------------------------------------------------

def report_modal_view(services: Services, *, actor: policy.Actor, reference: str, channel_id: str | None,
                      locale: str) -> SlackView:
    """`/campaign incident [campaign]`: the report modal of the campaign meant; anyone may report."""
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(session=session, team_id=actor.team_id, reference=reference,
                                                     channel_id=channel_id, sub="incident")
        if Status(campaign.status) not in LIVE_STATUSES:
            raise InvalidInput("form.error.campaign_closed")
        if not policy.can_report_incident(actor, campaign):
            raise NotAllowed("error.not_allowed")  # today anyone may report; the rule lives in bot.kernel.policy
        metadata = ModalMetadata(campaign_id=campaign.id, channel_id=channel_id).dump()
        name = campaign.name
    return report_modal(name, metadata, locale)


def report(services: Services, *, campaign_id: int, form: ReportForm, reporter_id: str, team_id: str,
           submission: str) -> list[FieldError]:
    """Open the incident and write its card and first DMs to the outbox, once per submission (a double-click or a
    replay adds nothing). Returns what is wrong with the form; raises when the campaign closed or vanished."""
    checked, errors = incident_service.check_report(form)
    if checked is None:
        return errors
    kind, severity, description = checked
    with services.unit_of_work() as session:
        campaign = campaigns_repo.get_campaign(session=session, campaign_id=campaign_id, team_id=team_id)
        people = set() if campaign is None else _first_readers(campaign.owner_id, plan_of(campaign), kind)
    locale_for = locales_of(services, people)
    now = services.clock.now()
    with services.unit_of_work() as session:
        if not claim_repository.claim(session=session, key=submission, at=now):
            return []
        incident = incident_service.open_incident(
            session=session, campaign_id=campaign_id, kind=kind, severity=severity, description=description,
            reporter_id=reporter_id, now=now, team_id=team_id,
        )
        incident_service.announce_incident(session=session, incident=incident, now=now, locale_for=locale_for)
    return []


def _first_readers(owner_id: str, plan: EmergencyPlan, kind: IncidentKind) -> set[str]:
    return {owner_id, plan.responder_for(kind, owner_id), plan.sponsor_id or ""}


# --- acknowledge, resolve, escalate ------------------------------------------------------------------------------

def handle(services: Services, what: Handling, *, incident_id: int, actor: policy.Actor,
           clicked: Clicked | None, after: Callable[[], None] | None = None) -> None:
    """A button on the card: the use case in one transaction, then what it said delivered (the channel card's edit
    among it), then the DM it was clicked in re-rendered, then `after` (e.g. the Home tab it was clicked on
    published again)."""
    locale_for = locales_of(services, people_of(services, incident_id) | {actor.user_id})
    with services.unit_of_work() as session:
        _HANDLING[what](session=session, incident_id=incident_id, actor=actor, now=services.clock.now(),
                        locale_for=locale_for)
    deliver_now(services)  # the channel card's edit and the notes in its thread, written by the use case
    refresh_card(services, incident_id, clicked=clicked)
    if after is not None:
        after()


# --- the ladder's due steps (the escalation pass) ----------------------------------------------------------------

# --- the emergency plan ------------------------------------------------------------------------------------------

def plan_modal_view(services: Services, *, campaign_id: int, actor: policy.Actor, locale: str) -> SlackView:
    with services.unit_of_work() as session:
        campaign = incident_service.plan_campaign(session=session, campaign_id=campaign_id, actor=actor)
        metadata = ModalMetadata(campaign_id=campaign.id, channel_id=campaign.channel_id).dump()
        return plan_modal(campaign, plan_of(campaign), metadata, locale)


def save_plan(services: Services, *, campaign_id: int, responders: Mapping[IncidentKind, str | None],
              sponsor_id: str | None, actor: policy.Actor, locale: str) -> str:
    """Store the plan (incidents already open keep theirs) and write the channel's note; returns the note's key,
    to deliver once the form is answered."""
    now = services.clock.now()
    with services.unit_of_work() as session:
        plan = incident_service.set_plan(session=session, campaign_id=campaign_id, responders=responders,
                                         sponsor_id=sponsor_id, actor=actor, now=now)
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        note = outbox.one_off_key("plan_note")
        outbox.enqueue(session, key=note, kind="plan_note", channel=campaign.channel_id,
                       text=plan_saved_note(actor.user_id, campaign.name, plan, locale), now=now,
                       campaign_id=campaign.id)
    return note


def resolve_or_ask(services: Services, *, incident_id: int, actor: policy.Actor, clicked: Clicked | None,
                   locale: str, after: Callable[[], None] | None = None) -> SlackView | None:
    """Resolve: a pace incident the bot opened, with no cause recorded yet, first asks for the cause (the modal to
    open, returned; saving it resolves). Any other incident resolves as before (None)."""
    with services.unit_of_work() as session:
        incident, _campaign, _plan = incident_service.handleable(session=session, incident_id=incident_id,
                                                                 actor=actor)
        ask = incident.status != "resolved" and adjustment_service.cause_needed(session=session, incident=incident)
    if ask:
        with services.unit_of_work() as session:
            return adjustment_service.modal(session=session, incident_id=incident_id, actor=actor,
                                            now=services.clock.now(), locale=locale, resolving=True)
    incident_flows.handle(services, "resolve", incident_id=incident_id, actor=actor, clicked=clicked, after=after)
    return None
