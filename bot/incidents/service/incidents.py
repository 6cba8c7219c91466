"""Use cases for incidents under the emergency plan: report, acknowledge, resolve, escalate, one ladder step, set
the plan. The caller owns the transaction; everything said is written to the outbox in that same transaction,
so it goes out exactly once whether the call came from a Slack click or a scheduler pass.

Acknowledge, Resolve and Escalate lock the incident row and give it a new `run_id`; a ladder step checks the
`run_id` it was scheduled with under the same lock, so a step decided before a click is dropped (OnCall-style).

For a caller outside Slack (anomaly detection opening "traffic below plan" incidents):

    incident = open_incident(session=..., campaign_id=..., kind=IncidentKind.TRAFFIC, severity=Severity.MINOR,
                             description=..., reporter_id=SCHEDULER_ACTOR, now=now, dedupe_key="traffic")
    announce_incident(session=session, incident=incident, now=now)   # card + DMs through the outbox, once

An incident follows the plan it was opened under (a snapshot on the incident), not the campaign's plan as edited
since. The ladder itself is bot.incidents.service.ladder; re-rendering the card after commit is
bot.incidents.service.card; the Slack-facing sequences (commit, refresh, deliver) are bot.incidents.flows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.campaigns.service import audit
from bot.campaigns.service import campaigns as campaign_service
from bot.incidents.blocks import DESCRIPTION_MAX, ReportForm, card_fallback, person, quoted, with_intro
from bot.incidents.rules import escalation
from bot.incidents.rules.escalation import IncidentStatus, ResponseTimes, manual_step, response_times
from bot.incidents.service.ladder import (
    LocaleFor,
    apply_state,
    campaign_of,
    card_key,
    card_of,
    do_step,
    english,
    ladder_state,
    plan_of,
    plan_of_incident,
    record_audit,
    show_card,
    words_of,
)
from bot.kernel import formatting, policy
from bot.kernel.blockkit.text import mention
from bot.kernel.errors import InvalidInput, NotAllowed, NotFound, UserRef
from bot.kernel.forms import FieldError
from bot.kernel.i18n import t
from bot.kernel.ids import Field
from bot.kernel.slack import outbox
from bot.language.service import campaign_locale
from bot.plan.blocks.emergency_plan import kind_label, severity_label
from bot.plan.rules.emergency_plan import BOT_REPORTER, EmergencyPlan, IncidentKind, Severity, is_deviation, is_urgent
from storage.models import Campaign, Incident
from storage.repositories import delivery as delivery_repo
from storage.repositories import incidents as repo

SCHEDULER_ACTOR = BOT_REPORTER


def times_of(incident: Incident) -> ResponseTimes:
    """Time to acknowledge and to resolve (MTTA / MTTR material)."""
    return response_times(incident.created_at, incident.acknowledged_at, incident.resolved_at)


# --- reporting ---------------------------------------------------------------------------------------------------

def check_report(form: ReportForm) -> tuple[tuple[IncidentKind, Severity, str] | None, list[FieldError]]:
    errors: list[FieldError] = []
    kind = IncidentKind(form.kind) if form.kind in {k.value for k in IncidentKind} else None
    if kind is None:
        errors.append(FieldError(Field.INCIDENT_KIND, "form.error.required"))
    severity = Severity(form.severity) if form.severity in {s.value for s in Severity} else Severity.MINOR
    description = form.description.strip()
    if not description:
        errors.append(FieldError(Field.INCIDENT_DESCRIPTION, "form.error.required"))
    elif len(description) > DESCRIPTION_MAX:
        errors.append(FieldError(Field.INCIDENT_DESCRIPTION, "form.error.too_long", {"limit": DESCRIPTION_MAX}))
    if errors or kind is None:
        return None, errors
    return (kind, severity, description), []


def open_incident(
    *, session: Session, campaign_id: int, kind: IncidentKind | str, severity: Severity | str, description: str,
    reporter_id: str, now: datetime, team_id: str | None, dedupe_key: str | None = None,
    locale_for: LocaleFor = english,
) -> Incident:
    """Open an incident on a live campaign and start its ladder. With `dedupe_key`, an unresolved incident opened
    with the same key is updated instead (its description replaced, its severity raised if this one is higher)."""
    kind, severity = IncidentKind(kind), Severity(severity)
    description = description.strip()[:DESCRIPTION_MAX]
    if not description:
        raise ValueError("an incident needs a description")
    campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=team_id)
    plan = plan_of(campaign)
    if dedupe_key:
        existing = repo.open_incident_by_key(session=session, campaign_id=campaign_id, dedupe_key=dedupe_key,
                                             for_update=True)
        if existing is not None:
            return _update_open(session, campaign, existing, severity, description, reporter_id, now, locale_for)
    incident = Incident(
        campaign_id=campaign_id, kind=kind.value, severity=severity.value, description=description,
        reporter_id=reporter_id, responder_id=plan.responder_for(kind, campaign.owner_id),
        status=IncidentStatus.OPEN.value, created_at=now, updated_at=now, step=0, stepped_at=now, run_id="",
        dedupe_key=dedupe_key, emergency_plan=plan.snapshot(),
    )
    if dedupe_key:
        try:
            with session.begin_nested():  # a savepoint: losing the race below must not undo the caller's work
                repo.add_incident(session=session, incident=incident)
        except IntegrityError:
            # Another check opened the same incident between our lookup and insert (the partial unique index
            # said so); it has committed by now, so update that one, as if we had found it first.
            existing = repo.open_incident_by_key(session=session, campaign_id=campaign_id, dedupe_key=dedupe_key,
                                                 for_update=True)
            if existing is None:
                raise
            return _update_open(session, campaign, existing, severity, description, reporter_id, now, locale_for)
    else:
        repo.add_incident(session=session, incident=incident)
    apply_state(incident, ladder_state(incident), plan, now)
    repo.record_event(session=session, incident_id=incident.pk, kind="opened", at=now, actor_id=reporter_id,
                      detail=f"{kind.value} {severity.value}")
    record_audit(session, campaign, incident, reporter_id, now, "opened",
                 after={"kind": kind.value, "severity": severity.value})
    return incident


def _update_open(session: Session, campaign: Campaign, existing: Incident, severity: Severity, description: str,
                 reporter_id: str, now: datetime, locale_for: LocaleFor) -> Incident:
    """The same automatic check again: new words, the severity raised if this one is higher. The ladder goes on
    under the plan the incident was opened with."""
    state = ladder_state(existing)
    existing.description = description
    raised = Severity.higher(state.severity, severity)
    apply_state(existing, replace(state, severity=raised), plan_of_incident(existing), now)
    repo.record_event(session=session, incident_id=existing.pk, kind="updated", at=now,
                      actor_id=reporter_id, detail=f"{state.severity.value}->{raised.value}")
    record_audit(session, campaign, existing, reporter_id, now, "updated", before={"severity": state.severity.value},
                 after={"severity": raised.value})
    _tell_update(session, existing, campaign, now, locale_for)
    return existing


def _tell_update(session: Session, incident: Incident, campaign: Campaign, now: datetime,
                 locale_for: LocaleFor) -> None:
    """An update goes in the card's thread, and the card itself shows the new words and severity."""
    locale = campaign_locale(campaign, locale_for)
    text = t("incidents.updated.note", locale, id=incident.id, kind=kind_label(incident.kind, locale),
             reporter=person(incident.reporter_id, locale), severity=severity_label(incident.severity, locale),
             description=quoted(incident.description))
    last = delivery_repo.latest_in_thread(session=session, anchor_key=card_key(incident.id))
    if last is None or last.text != text:  # the same words again say nothing new: the card alone is refreshed
        outbox.enqueue(session, key=outbox.one_off_key(f"incident:{incident.id}:updated"), kind="incident_note",
                       channel=campaign.channel_id, text=text, now=now, campaign_id=campaign.id,
                       thread_of=card_key(incident.id))
    show_card(session, incident, campaign, now, locale_for)


def announce_incident(
    *, session: Session, incident: Incident, now: datetime, locale_for: LocaleFor = english
) -> int:
    """The card in the campaign channel and the DMs of who must know now, through the outbox; once per incident
    (a second call, e.g. for a deduplicated report, adds nothing). Returns how many messages were added."""
    campaign = campaign_of(session, incident)
    plan = plan_of_incident(incident)
    incident_id = incident.pk
    channel_locale = campaign_locale(campaign, locale_for)
    card = card_of(incident, campaign, plan, channel_locale)
    added = int(outbox.enqueue(session, key=card_key(incident_id), kind="incident_card",
                               channel=campaign.channel_id, text=card_fallback(incident, campaign, channel_locale),
                               blocks=card, now=now, campaign_id=campaign.id))
    notified: list[str] = []
    for user, key in _first_told(incident, campaign, plan):
        if user in notified:
            continue
        notified.append(user)
        locale = locale_for(user)
        text = t(key, locale, **words_of(incident, campaign, plan, locale))
        added += outbox.enqueue(
            session, key=f"incident:{incident_id}:notify:{user}", kind="incident_notify", channel=user, text=text,
            blocks=with_intro(text, card_of(incident, campaign, plan, locale)), now=now, campaign_id=campaign.id,
            urgent=is_urgent(incident.kind),
        )
    if added:
        repo.record_event(session=session, incident_id=incident_id, kind="notified", at=now,
                          detail=",".join(notified))
    return added


def _first_told(incident: Incident, campaign: Campaign, plan: EmergencyPlan) -> list[tuple[str, str]]:
    """The responder always; the owner from moderate on (they make the statement); the sponsor when severe."""
    told = [(incident.responder_id, "incidents.notify.responder")]
    severity = Severity(incident.severity)
    if severity.rank >= Severity.MODERATE.rank:
        told.append((campaign.owner_id, "incidents.notify.owner"))
    if severity == Severity.SEVERE and plan.sponsor_id and not is_deviation(incident.kind):
        told.append((plan.sponsor_id, "incidents.notify.sponsor"))  # a deviation is the owner's to work on
    return told


# --- acknowledge, resolve, escalate by hand ----------------------------------------------------------------------

def handleable(
    *, session: Session, incident_id: int, actor: policy.Actor, for_update: bool = False
) -> tuple[Incident, Campaign, EmergencyPlan]:
    incident = repo.get_incident(session=session, incident_id=incident_id, team_id=actor.team_id,
                                 for_update=for_update)
    if incident is None:
        raise NotFound("incidents.gone")
    campaign = campaign_of(session, incident)
    plan = plan_of_incident(incident)  # the sponsor it is paged to is the one of the plan it was opened under
    if not policy.can_handle_incident(actor, campaign, responder_id=incident.responder_id, sponsor_id=plan.sponsor_id):
        raise NotAllowed("incidents.handle.not_allowed", responder=UserRef(incident.responder_id),
                         owner=UserRef(campaign.owner_id), id=incident_id)
    return incident, campaign, plan


def acknowledge(
    *, session: Session, incident_id: int, actor: policy.Actor, now: datetime, locale_for: LocaleFor = english
) -> Incident:
    """Someone takes it on: the page ladder stops at once (a step already decided is dropped)."""
    incident, campaign, plan = handleable(session=session, incident_id=incident_id, actor=actor, for_update=True)
    if incident.status == IncidentStatus.RESOLVED:
        raise InvalidInput("incidents.already_resolved", id=incident_id)
    if incident.status == IncidentStatus.ACKNOWLEDGED:
        raise InvalidInput("incidents.already_acknowledged", id=incident_id,
                           who=UserRef(incident.acknowledged_by or ""))
    apply_state(incident, escalation.acknowledge(ladder_state(incident), now), plan, now)
    incident.acknowledged_by = actor.user_id
    repo.record_event(session=session, incident_id=incident_id, kind="acknowledged", at=now, actor_id=actor.user_id)
    record_audit(session, campaign, incident, actor.user_id, now, "acknowledged", before={"status": "open"},
           after={"status": incident.status})
    _note(session, incident, campaign, "acknowledged", "incidents.acknowledged.note", actor.user_id, now, locale_for)
    return incident


def resolve(
    *, session: Session, incident_id: int, actor: policy.Actor, now: datetime, locale_for: LocaleFor = english
) -> Incident:
    """Handled: the ladder ends. Resolving an unacknowledged incident acknowledges it too (for MTTA)."""
    incident, campaign, plan = handleable(session=session, incident_id=incident_id, actor=actor, for_update=True)
    if incident.status == IncidentStatus.RESOLVED:
        raise InvalidInput("incidents.already_resolved", id=incident_id)
    if incident.status == IncidentStatus.OPEN:
        incident.acknowledged_by = actor.user_id
        repo.record_event(session=session, incident_id=incident_id, kind="acknowledged", at=now,
                          actor_id=actor.user_id, detail="by resolving")
    apply_state(incident, escalation.resolve(ladder_state(incident), now), plan, now)
    incident.resolved_by, incident.resolved_at = actor.user_id, now
    repo.record_event(session=session, incident_id=incident_id, kind="resolved", at=now, actor_id=actor.user_id)
    record_audit(session, campaign, incident, actor.user_id, now, "resolved", after={"status": incident.status})
    _note(session, incident, campaign, "resolved", "incidents.resolved.note", actor.user_id, now, locale_for)
    return incident


def escalate(
    *, session: Session, incident_id: int, actor: policy.Actor, now: datetime, locale_for: LocaleFor = english
) -> Incident:
    """The next page rung now (owner, then sponsor with the severity raised); the ladder goes on from there."""
    incident, campaign, plan = handleable(session=session, incident_id=incident_id, actor=actor, for_update=True)
    if incident.status == IncidentStatus.RESOLVED:
        raise InvalidInput("incidents.already_resolved", id=incident_id)
    step = manual_step(ladder_state(incident), now)
    if step is None:
        raise InvalidInput("incidents.escalate.at_top", id=incident_id)
    repo.record_event(session=session, incident_id=incident_id, kind="escalated_by_hand", at=now,
                      actor_id=actor.user_id, detail=step.kind.value)
    record_audit(session, campaign, incident, actor.user_id, now, "escalated", before={"severity": incident.severity},
           after={"step": step.kind.value})
    do_step(session, incident, campaign, plan, step, now, actor_id=actor.user_id, locale_for=locale_for)
    return incident


def _note(session: Session, incident: Incident, campaign: Campaign, what: str, key: str, actor_id: str,
          now: datetime, locale_for: LocaleFor) -> None:
    locale = campaign_locale(campaign, locale_for)
    text = t(key, locale, actor=mention(actor_id), id=incident.id, kind=kind_label(incident.kind, locale),
             elapsed=formatting.duration(now - incident.created_at, locale))
    outbox.enqueue(session, key=f"incident:{incident.id}:{what}:note", kind="incident_note",
                   channel=campaign.channel_id, text=text, now=now, campaign_id=campaign.id,
                   thread_of=card_key(incident.id))
    show_card(session, incident, campaign, now, locale_for)


# --- the plan ----------------------------------------------------------------------------------------------------

def plan_campaign(*, session: Session, campaign_id: int, actor: policy.Actor, for_update: bool = False) -> Campaign:
    campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id,
                                              for_update=for_update)
    if not policy.can_set_emergency_plan(actor, campaign):
        raise NotAllowed("plan.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    return campaign


def set_plan(
    *, session: Session, campaign_id: int, responders: Mapping[IncidentKind, str | None], sponsor_id: str | None,
    actor: policy.Actor, now: datetime,
) -> EmergencyPlan:
    """Responders per kind and the sponsor; target overrides stay. Open incidents keep their responder and the
    rest of the plan they were opened under."""
    campaign = plan_campaign(session=session, campaign_id=campaign_id, actor=actor, for_update=True)
    previous = plan_of(campaign)
    plan = previous.with_people(responders, sponsor_id)
    old, new = audit.changes(_people(previous), _people(plan))
    if new:
        audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="plan",
                     object_id=campaign.id, action="changed", before=old, after=new)
    campaign.emergency_plan = plan.dump()
    campaign.updated_at = now
    return plan


def _people(plan: EmergencyPlan) -> dict[str, object]:
    return {**{f"responder_{kind.value}": plan.responders.get(kind) for kind in IncidentKind},
            "sponsor": plan.sponsor_id}
