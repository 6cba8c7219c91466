"""Use cases for incidents under the emergency plan: report, acknowledge, resolve, escalate, one ladder step, set
the plan. The caller owns the transaction; everything said is written to the outbox in that same transaction,
so it goes out exactly once whether the call came from a Slack click or a scheduler pass.

Acknowledge, Resolve and Escalate lock the incident row and give it a new `run_id`; a ladder step checks the
`run_id` it was scheduled with under the same lock, so a step decided before a click is dropped (OnCall-style).

For a caller outside Slack (anomaly detection opening "traffic below plan" incidents):

    incident = open_incident(session=..., campaign_id=..., kind=IncidentKind.TRAFFIC, severity=Severity.MINOR,
                             description=..., reporter_id=SCHEDULER_ACTOR, now=now, dedupe_key="traffic")
    announce_incident(session=session, incident=incident, now=now)   # card + DMs through the outbox, once

`refresh_card(services, incident_id)` is the one Slack call made directly (after commit): chat.update of the
card, which is idempotent.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot import policy
from bot.blocks.incident_blocks import (
    DESCRIPTION_MAX,
    ReportForm,
    card_fallback,
    duration,
    incident_card,
    kind_label,
    person,
    severity_label,
    with_intro,
)
from bot.blocks.text import escape, mention
from bot.domain import escalation
from bot.domain.campaigns import LIVE_STATUSES, FieldError, Status
from bot.domain.emergency_plan import BOT_REPORTER, EmergencyPlan, IncidentKind, Severity
from bot.domain.escalation import (
    IncidentStatus,
    LadderState,
    ResponseTimes,
    Step,
    StepKind,
    advance,
    manual_step,
    next_step,
    response_times,
)
from bot.errors import InvalidInput, NotAllowed, NotFound, UserRef
from bot.i18n import t
from bot.ids import Field
from bot.services import Services
from bot.slack import outbox
from bot.usecases import audit, campaign_service
from storage import incident_repository as repo
from storage import outbox_repository
from storage import repositories as campaigns_repo
from storage.models import Campaign, Incident

log = logging.getLogger(__name__)

LocaleFor = Callable[[str], str | None]
SCHEDULER_ACTOR = BOT_REPORTER


def _english(_user_id: str) -> str | None:
    return None


# --- reading the plan and the ladder -----------------------------------------------------------------------------

def plan_of(campaign: Campaign) -> EmergencyPlan:
    return EmergencyPlan.load(campaign.emergency_plan)


def ladder_state(incident: Incident) -> LadderState:
    return LadderState(status=IncidentStatus(incident.status), step=incident.step, severity=Severity(incident.severity),
                       created_at=incident.created_at, stepped_at=incident.stepped_at,
                       acknowledged_at=incident.acknowledged_at, reminded_at=incident.reminded_at)


def _apply(incident: Incident, state: LadderState, plan: EmergencyPlan, now: datetime) -> None:
    """Store a new ladder state: a new run id (older steps become stale) and the next step's time."""
    incident.status = state.status.value
    incident.step = state.step
    incident.severity = state.severity.value
    incident.stepped_at = state.stepped_at
    incident.acknowledged_at = state.acknowledged_at
    incident.reminded_at = state.reminded_at
    incident.run_id = uuid.uuid4().hex
    incident.updated_at = now
    following = next_step(state, plan.targets_for(IncidentKind(incident.kind)))
    incident.next_step_at = following.due_at if following else None


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
            return _update_open(session, campaign, existing, severity, description, plan, reporter_id, now)
    incident = Incident(
        campaign_id=campaign_id, kind=kind.value, severity=severity.value, description=description,
        reporter_id=reporter_id, responder_id=plan.responder_for(kind, campaign.owner_id),
        status=IncidentStatus.OPEN.value, created_at=now, updated_at=now, step=0, stepped_at=now, run_id="",
        dedupe_key=dedupe_key,
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
            return _update_open(session, campaign, existing, severity, description, plan, reporter_id, now)
    else:
        repo.add_incident(session=session, incident=incident)
    _apply(incident, ladder_state(incident), plan, now)
    repo.record_event(session=session, incident_id=incident.id or 0, kind="opened", at=now, actor_id=reporter_id,
                      detail=f"{kind.value} {severity.value}")
    _audit(session, campaign, incident, reporter_id, now, "opened", after={"kind": kind.value,
                                                                           "severity": severity.value})
    return incident


def _audit(session: Session, campaign: Campaign, incident: Incident, actor_id: str | None, now: datetime,
           action: str, *, before: dict[str, object] | None = None, after: dict[str, object] | None = None) -> None:
    # The bot's own reports and ladder steps have no person behind them.
    actor = None if actor_id in (None, BOT_REPORTER) else actor_id
    audit.record(session, campaign=campaign, actor_id=actor, at=now, object_type="incident", object_id=incident.id,
                 action=action, before=before, after=after)


def _update_open(session: Session, campaign: Campaign, existing: Incident, severity: Severity, description: str,
                 plan: EmergencyPlan, reporter_id: str, now: datetime) -> Incident:
    """The same automatic check again: new words, the severity raised if this one is higher."""
    state = ladder_state(existing)
    existing.description = description
    raised = Severity.higher(state.severity, severity)
    _apply(existing, replace(state, severity=raised), plan, now)
    repo.record_event(session=session, incident_id=existing.id or 0, kind="updated", at=now,
                      actor_id=reporter_id, detail=f"{state.severity.value}->{raised.value}")
    _audit(session, campaign, existing, reporter_id, now, "updated", before={"severity": state.severity.value},
           after={"severity": raised.value})
    return existing


def announce_incident(
    *, session: Session, incident: Incident, now: datetime, locale_for: LocaleFor = _english
) -> int:
    """The card in the campaign channel and the DMs of who must know now, through the outbox; once per incident
    (a second call, e.g. for a deduplicated report, adds nothing). Returns how many messages were added."""
    campaign = _campaign(session, incident)
    plan = plan_of(campaign)
    incident_id = incident.id or 0
    channel_locale = locale_for(campaign.owner_id)
    card = incident_card(incident, campaign, plan.targets_for(IncidentKind(incident.kind)), channel_locale)
    added = int(outbox.enqueue(session, key=f"incident:{incident_id}:card", kind="incident_card",
                               channel=campaign.channel_id, text=card_fallback(incident, campaign, channel_locale),
                               blocks=card, now=now, campaign_id=campaign.id))
    notified: list[str] = []
    for user, key in _first_told(incident, campaign, plan):
        if user in notified:
            continue
        notified.append(user)
        locale = locale_for(user)
        text = t(key, locale, **_words(incident, campaign, plan, locale))
        added += outbox.enqueue(
            session, key=f"incident:{incident_id}:notify:{user}", kind="incident_notify", channel=user, text=text,
            blocks=with_intro(text, _card(incident, campaign, plan, locale)), now=now, campaign_id=campaign.id,
        )
    if added:
        repo.record_event(session=session, incident_id=incident_id, kind="notified", at=now,
                          detail=",".join(notified))
    return added


def _first_told(incident: Incident, campaign: Campaign, plan: EmergencyPlan) -> list[tuple[str, str]]:
    """The responder always; the owner from moderate on (they make the statement); the sponsor when severe."""
    told = [(incident.responder_id, "incident.notify.responder")]
    severity = Severity(incident.severity)
    if severity.rank >= Severity.MODERATE.rank:
        told.append((campaign.owner_id, "incident.notify.owner"))
    if severity == Severity.SEVERE and plan.sponsor_id:
        told.append((plan.sponsor_id, "incident.notify.sponsor"))
    return told


# --- acknowledge, resolve, escalate by hand ----------------------------------------------------------------------

def handleable(
    *, session: Session, incident_id: int, actor: policy.Actor, for_update: bool = False
) -> tuple[Incident, Campaign, EmergencyPlan]:
    incident = repo.get_incident(session=session, incident_id=incident_id, team_id=actor.team_id,
                                 for_update=for_update)
    if incident is None:
        raise NotFound("incident.gone")
    campaign = _campaign(session, incident)
    plan = plan_of(campaign)
    if not policy.can_handle_incident(actor, campaign, responder_id=incident.responder_id, sponsor_id=plan.sponsor_id):
        raise NotAllowed("incident.handle.not_allowed", responder=UserRef(incident.responder_id),
                         owner=UserRef(campaign.owner_id), id=incident_id)
    return incident, campaign, plan


def acknowledge(
    *, session: Session, incident_id: int, actor: policy.Actor, now: datetime, locale_for: LocaleFor = _english
) -> Incident:
    """Someone takes it on: the page ladder stops at once (a step already decided is dropped)."""
    incident, campaign, plan = handleable(session=session, incident_id=incident_id, actor=actor, for_update=True)
    if incident.status == IncidentStatus.RESOLVED:
        raise InvalidInput("incident.already_resolved", id=incident_id)
    if incident.status == IncidentStatus.ACKNOWLEDGED:
        raise InvalidInput("incident.already_acknowledged", id=incident_id, who=UserRef(incident.acknowledged_by or ""))
    _apply(incident, escalation.acknowledge(ladder_state(incident), now), plan, now)
    incident.acknowledged_by = actor.user_id
    repo.record_event(session=session, incident_id=incident_id, kind="acknowledged", at=now, actor_id=actor.user_id)
    _audit(session, campaign, incident, actor.user_id, now, "acknowledged", before={"status": "open"},
           after={"status": incident.status})
    _note(session, incident, campaign, "acknowledged", "incident.acknowledged.note", actor.user_id, now, locale_for)
    return incident


def resolve(
    *, session: Session, incident_id: int, actor: policy.Actor, now: datetime, locale_for: LocaleFor = _english
) -> Incident:
    """Handled: the ladder ends. Resolving an unacknowledged incident acknowledges it too (for MTTA)."""
    incident, campaign, plan = handleable(session=session, incident_id=incident_id, actor=actor, for_update=True)
    if incident.status == IncidentStatus.RESOLVED:
        raise InvalidInput("incident.already_resolved", id=incident_id)
    if incident.status == IncidentStatus.OPEN:
        incident.acknowledged_by = actor.user_id
        repo.record_event(session=session, incident_id=incident_id, kind="acknowledged", at=now,
                          actor_id=actor.user_id, detail="by resolving")
    _apply(incident, escalation.resolve(ladder_state(incident), now), plan, now)
    incident.resolved_by, incident.resolved_at = actor.user_id, now
    repo.record_event(session=session, incident_id=incident_id, kind="resolved", at=now, actor_id=actor.user_id)
    _audit(session, campaign, incident, actor.user_id, now, "resolved", after={"status": incident.status})
    _note(session, incident, campaign, "resolved", "incident.resolved.note", actor.user_id, now, locale_for)
    return incident


def escalate(
    *, session: Session, incident_id: int, actor: policy.Actor, now: datetime, locale_for: LocaleFor = _english
) -> Incident:
    """The next page rung now (owner, then sponsor with the severity raised); the ladder goes on from there."""
    incident, campaign, plan = handleable(session=session, incident_id=incident_id, actor=actor, for_update=True)
    if incident.status == IncidentStatus.RESOLVED:
        raise InvalidInput("incident.already_resolved", id=incident_id)
    step = manual_step(ladder_state(incident), now)
    if step is None:
        raise InvalidInput("incident.escalate.at_top", id=incident_id)
    repo.record_event(session=session, incident_id=incident_id, kind="escalated_by_hand", at=now,
                      actor_id=actor.user_id, detail=step.kind.value)
    _audit(session, campaign, incident, actor.user_id, now, "escalated", before={"severity": incident.severity},
           after={"step": step.kind.value})
    _do_step(session, incident, campaign, plan, step, now, actor_id=actor.user_id, locale_for=locale_for)
    return incident


def _note(session: Session, incident: Incident, campaign: Campaign, what: str, key: str, actor_id: str,
          now: datetime, locale_for: LocaleFor) -> None:
    locale = locale_for(campaign.owner_id)
    text = t(key, locale, actor=mention(actor_id), id=incident.id, kind=kind_label(incident.kind, locale),
             elapsed=duration(now - incident.created_at, locale))
    outbox.enqueue(session, key=f"incident:{incident.id}:{what}:note", kind="incident_note",
                   channel=campaign.channel_id, text=text, now=now, campaign_id=campaign.id)


# --- one step of the ladder --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepDone:
    incident_id: int
    kind: StepKind
    messages: int


def perform_due_step(
    *, session: Session, incident_id: int, run_id: str, now: datetime, locale_for: LocaleFor = _english
) -> StepDone | None:
    """Do the incident's due step, if the run that scheduled it is still the incident's run. Locks the row; an
    Acknowledge or Resolve that committed meanwhile changed the run id, so the stale step is dropped."""
    incident = repo.get_incident(session=session, incident_id=incident_id, team_id=None, for_update=True)
    if incident is None or incident.run_id != run_id:
        return None  # gone, or changed since the step was scheduled
    if incident.next_step_at is None or incident.next_step_at > now:
        return None
    campaign = _campaign(session, incident)
    plan = plan_of(campaign)
    step = next_step(ladder_state(incident), plan.targets_for(IncidentKind(incident.kind)))
    if step is None or Status(campaign.status) not in LIVE_STATUSES:
        incident.next_step_at = None  # the ladder is over, or the campaign is: nothing more to say
        return None
    if step.due_at > now:
        incident.next_step_at = step.due_at  # the targets changed since it was scheduled
        return None
    before = {"severity": incident.severity}
    messages = _do_step(session, incident, campaign, plan, step, now, actor_id=None, locale_for=locale_for)
    _audit(session, campaign, incident, None, now, "escalated", before=before,
           after={"step": step.kind.value, "severity": incident.severity})
    return StepDone(incident_id, step.kind, messages)


def _do_step(session: Session, incident: Incident, campaign: Campaign, plan: EmergencyPlan, step: Step,
             now: datetime, *, actor_id: str | None, locale_for: LocaleFor) -> int:
    before = ladder_state(incident)
    after = advance(before, step, now)
    _apply(incident, after, plan, now)
    incident_id = incident.id or 0
    targets = plan.targets_for(IncidentKind(incident.kind))
    if step.kind == StepKind.REMIND_ACKNOWLEDGER:
        user = incident.acknowledged_by or incident.responder_id
        locale = locale_for(user)
        text = t("incident.remind.dm", locale, **_words(incident, campaign, plan, locale),
                 elapsed=duration(now - incident.created_at, locale), target=duration(targets.resolve_within, locale))
        blocks = with_intro(text, _card(incident, campaign, plan, locale))
        added = outbox.enqueue(session, key=f"incident:{incident_id}:reminder:dm:{user}", kind="incident_reminder",
                               channel=user, text=text, blocks=blocks, now=now, campaign_id=campaign.id)
        repo.record_event(session=session, incident_id=incident_id, kind=step.kind.value, at=now, detail=user)
        return int(added)

    dm_key, note_key, recipients = _page(step.kind, campaign, plan)
    if after.severity != before.severity:
        repo.record_event(session=session, incident_id=incident_id, kind="severity_raised", at=now, actor_id=actor_id,
                          detail=f"{before.severity.value}->{after.severity.value}")
    prefix = f"incident:{incident_id}:step:{step.step}"

    def words(locale: str | None) -> dict[str, Any]:
        if actor_id:
            reason = t("incident.reason.by_hand", locale, actor=mention(actor_id))
        else:
            reason = t("incident.reason.unacknowledged", locale, elapsed=duration(now - incident.created_at, locale),
                       target=duration(targets.acknowledge_within, locale))
        change_key = "incident.severity.raised" if after.severity != before.severity else "incident.severity.kept"
        change = t(change_key, locale, before=severity_label(before.severity, locale),
                   after=severity_label(after.severity, locale))
        return {**_words(incident, campaign, plan, locale), "reason": reason, "severity_change": change,
                "people": ", ".join(mention(user) for user in recipients)}

    added = 0
    for user in recipients:
        locale = locale_for(user)
        text = t(dm_key, locale, **words(locale))
        added += outbox.enqueue(session, key=f"{prefix}:dm:{user}", kind=f"incident_{step.kind.value}", channel=user,
                                text=text, blocks=with_intro(text, _card(incident, campaign, plan, locale)), now=now,
                                campaign_id=campaign.id)
    note = t(note_key, locale_for(campaign.owner_id), **words(locale_for(campaign.owner_id)))
    added += outbox.enqueue(session, key=f"{prefix}:note", kind="incident_note", channel=campaign.channel_id,
                            text=note, now=now, campaign_id=campaign.id)
    repo.record_event(session=session, incident_id=incident_id, kind=step.kind.value, at=now, actor_id=actor_id,
                      detail=",".join(recipients))
    return added


def _page(kind: StepKind, campaign: Campaign, plan: EmergencyPlan) -> tuple[str, str, list[str]]:
    """Which words and who, for a page rung."""
    owner, sponsor = campaign.owner_id, plan.sponsor_id
    if kind == StepKind.PAGE_OWNER:
        return "incident.page.owner.dm", "incident.page.owner.note", [owner]
    if kind == StepKind.PAGE_SPONSOR:
        if sponsor:
            return "incident.page.sponsor.dm", "incident.page.sponsor.note", [sponsor]
        return "incident.page.no_sponsor.dm", "incident.page.no_sponsor.note", [owner]
    people = [sponsor, owner] if sponsor and sponsor != owner else [owner]
    return "incident.page.last_reminder.dm", "incident.page.last_reminder.note", people


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
    """Responders per kind and the sponsor; target overrides stay. Open incidents keep their responder."""
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


# --- helpers -----------------------------------------------------------------------------------------------------

def _campaign(session: Session, incident: Incident) -> Campaign:
    # The incident was found in the right workspace already (or by the ladder itself): its campaign is trusted.
    campaign = campaigns_repo.get_campaign(session=session, campaign_id=incident.campaign_id, team_id=None)
    if campaign is None:
        raise NotFound("incident.gone")
    return campaign


def _card(incident: Incident, campaign: Campaign, plan: EmergencyPlan, locale: str | None) -> list[Block]:
    return incident_card(incident, campaign, plan.targets_for(IncidentKind(incident.kind)), locale)


def _words(incident: Incident, campaign: Campaign, plan: EmergencyPlan, locale: str | None) -> dict[str, Any]:
    targets = plan.targets_for(IncidentKind(incident.kind))
    return {
        "id": incident.id, "campaign": escape(campaign.name), "kind": kind_label(incident.kind, locale),
        "severity": severity_label(incident.severity, locale), "reporter": person(incident.reporter_id, locale),
        "responder": mention(incident.responder_id), "owner": mention(campaign.owner_id),
        "sponsor": mention(plan.sponsor_id) if plan.sponsor_id else "",
        "acknowledge": duration(targets.acknowledge_within, locale),
    }


def card_location(*, session: Session, incident: Incident) -> tuple[str, str] | None:
    """Where the channel card is: stored on the incident, or learnt from its delivered outbox row (and stored)."""
    if incident.message_channel and incident.message_ts:
        return incident.message_channel, incident.message_ts
    row = outbox_repository.by_key(session=session, key=f"incident:{incident.id}:card")
    if row is None or not row.message_ts:
        return None
    incident.message_channel, incident.message_ts = row.channel, row.message_ts
    return row.channel, row.message_ts


def refresh_card(services: Services, incident_id: int, *, also: tuple[str, str, list[dict[str, Any]]] | None = None
                 ) -> None:
    """Show the incident's current state on its channel card and, when a click came from another message (a DM),
    on that one too, keeping the blocks above the card there. Best effort: Slack refusing is logged."""
    with services.unit_of_work() as session:
        incident = repo.get_incident(session=session, incident_id=incident_id, team_id=None)
        if incident is None:
            return
        campaign = _campaign(session, incident)
        plan = plan_of(campaign)
        where = card_location(session=session, incident=incident)
        locale = services.locale_for(campaign.owner_id)
        card = _card(incident, campaign, plan, locale)
        text = card_fallback(incident, campaign, locale)
    updates: list[tuple[str, str, list[Block]]] = []
    if where:
        updates.append((where[0], where[1], card))
    if also and (not where or (also[0], also[1]) != where):
        head = _blocks_above_card(also[2], incident_id)
        if head is not None:
            updates.append((also[0], also[1], [*head, *card]))
    for channel, ts, blocks in updates:
        try:
            services.slack.update_message(channel, ts, text=text, blocks=blocks)
        except SlackApiError as error:
            log.warning("could not update incident %s's card in %s: %s", incident_id, channel,
                        error.response.get("error"))


def _blocks_above_card(blocks: list[dict[str, Any]], incident_id: int) -> list[Block] | None:
    """The blocks of a clicked message above the incident's card; None when the card isn't in it."""
    for index, block in enumerate(blocks):
        if block.get("block_id") == f"incident-card-{incident_id}":
            return [parsed for parsed in Block.parse_all(blocks[:index]) if parsed is not None]
    return None
