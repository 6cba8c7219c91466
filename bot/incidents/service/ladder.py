"""One incident's escalation ladder: its state as stored, the plan it follows (the snapshot taken when it opened),
one due step done in the caller's transaction, and the words every page and note share.

A step locks the incident row and checks the `run_id` it was scheduled with, so a step decided before an
Acknowledge or Resolve committed is dropped (OnCall-style). Everything said goes to the outbox in that transaction.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES, Status
from bot.campaigns.service import audit
from bot.incidents.blocks import card_fallback, incident_card, person, with_intro
from bot.incidents.rules.escalation import (
    IncidentStatus,
    LadderState,
    Step,
    StepKind,
    advance,
    next_step,
    still_open_every,
)
from bot.kernel import formatting
from bot.kernel.blockkit.text import escape, mention
from bot.kernel.errors import NotFound
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.language.service import campaign_locale
from bot.plan.blocks.emergency_plan import kind_label, severity_label
from bot.plan.blocks.risks import prepared_mitigation, with_prepared
from bot.plan.rules.emergency_plan import BOT_REPORTER, EmergencyPlan, IncidentKind, Severity, is_deviation, is_urgent
from bot.plan.service.risks import prepared_for_incident
from storage.models import Campaign, Incident
from storage.repositories import campaigns as campaigns_repo
from storage.repositories import incidents as repo

LocaleFor = Callable[[str], str | None]


def english(_user_id: str) -> str | None:
    return None


# --- the plan and the state --------------------------------------------------------------------------------------

def plan_of(campaign: Campaign) -> EmergencyPlan:
    """The campaign's plan as it is now: what an incident opened now will follow."""
    return EmergencyPlan.load(campaign.emergency_plan)


def plan_of_incident(incident: Incident) -> EmergencyPlan:
    """The plan the incident was opened under (its snapshot): editing the campaign's plan leaves it as it is."""
    return EmergencyPlan.load(incident.emergency_plan)


def ladder_state(incident: Incident) -> LadderState:
    return LadderState(status=IncidentStatus(incident.status), step=incident.step, severity=Severity(incident.severity),
                       created_at=incident.created_at, stepped_at=incident.stepped_at,
                       acknowledged_at=incident.acknowledged_at, reminded_at=incident.reminded_at)


def apply_state(incident: Incident, state: LadderState, plan: EmergencyPlan, now: datetime) -> None:
    """Store a new ladder state: a new run id (older steps become stale) and the next step's time."""
    incident.status = state.status.value
    incident.step = state.step
    incident.severity = state.severity.value
    incident.stepped_at = state.stepped_at
    incident.acknowledged_at = state.acknowledged_at
    incident.reminded_at = state.reminded_at
    incident.run_id = uuid.uuid4().hex
    incident.updated_at = now
    following = next_step(state, plan.targets_for(IncidentKind(incident.kind)),
                          deviation=is_deviation(incident.kind))
    incident.next_step_at = following.due_at if following else None


def campaign_of(session: Session, incident: Incident) -> Campaign:
    # The incident was found in the right workspace already (or by the ladder itself): its campaign is trusted.
    campaign = campaigns_repo.get_campaign(session=session, campaign_id=incident.campaign_id, team_id=None)
    if campaign is None:
        raise NotFound("incidents.gone")
    return campaign


def record_audit(session: Session, campaign: Campaign, incident: Incident, actor_id: str | None, now: datetime,
                 action: str, *, before: dict[str, object] | None = None,
                 after: dict[str, object] | None = None) -> None:
    # The bot's own reports and ladder steps have no person behind them.
    actor = None if actor_id in (None, BOT_REPORTER) else actor_id
    audit.record(session, campaign=campaign, actor_id=actor, at=now, object_type="incident", object_id=incident.id,
                 action=action, before=before, after=after)


# --- what is said ------------------------------------------------------------------------------------------------

def card_key(incident_id: int | None) -> str:
    """The outbox key of the incident's card in the channel: its thread and its edits name it."""
    return f"incident:{incident_id}:card"


def show_card(session: Session, incident: Incident, campaign: Campaign, now: datetime,
              locale_for: LocaleFor) -> None:
    """The channel card edited in place to show the incident as it is now (through the outbox, with the change
    that caused it: whoever changed it, a person or a pass), in the campaign's language."""
    locale = campaign_locale(campaign, locale_for)
    outbox.enqueue_update(session, card_key=card_key(incident.id),
                          text=card_fallback(incident, campaign, locale),
                          blocks=card_of(incident, campaign, plan_of_incident(incident), locale), now=now)


def card_of(incident: Incident, campaign: Campaign, plan: EmergencyPlan, locale: str | None) -> list[Block]:
    card = incident_card(incident, campaign, plan.targets_for(IncidentKind(incident.kind)), locale)
    return with_prepared(card, prepared_mitigation(prepared_for_incident(incident), locale))  # the risk register's


def words_of(incident: Incident, campaign: Campaign, plan: EmergencyPlan, locale: str | None) -> dict[str, Any]:
    targets = plan.targets_for(IncidentKind(incident.kind))
    return {
        "id": incident.id, "campaign": escape(campaign.name), "kind": kind_label(incident.kind, locale),
        "severity": severity_label(incident.severity, locale), "reporter": person(incident.reporter_id, locale),
        "responder": mention(incident.responder_id), "owner": mention(campaign.owner_id),
        "sponsor": mention(plan.sponsor_id) if plan.sponsor_id else "",
        "acknowledge": formatting.duration(targets.acknowledge_within, locale),
    }


# --- one step of the ladder --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class StepDone:
    incident_id: int
    kind: StepKind
    messages: int


def perform_due_step(
    *, session: Session, incident_id: int, run_id: str, now: datetime, locale_for: LocaleFor = english
) -> StepDone | None:
    """Do the incident's due step, if the run that scheduled it is still the incident's run. Locks the row; an
    Acknowledge or Resolve that committed meanwhile changed the run id, so the stale step is dropped."""
    incident = repo.get_incident(session=session, incident_id=incident_id, team_id=None, for_update=True)
    if incident is None or incident.run_id != run_id:
        return None  # gone, or changed since the step was scheduled
    if incident.next_step_at is None or incident.next_step_at > now:
        return None
    campaign = campaign_of(session, incident)
    plan = plan_of_incident(incident)
    step = next_step(ladder_state(incident), plan.targets_for(IncidentKind(incident.kind)),
                     deviation=is_deviation(incident.kind))
    if step is None or Status(campaign.status) not in LIVE_STATUSES:
        incident.next_step_at = None  # the ladder is over, or the campaign is: nothing more to say
        return None
    if step.due_at > now:
        incident.next_step_at = step.due_at
        return None
    before = {"severity": incident.severity}
    messages = do_step(session, incident, campaign, plan, step, now, actor_id=None, locale_for=locale_for)
    record_audit(session, campaign, incident, None, now, "escalated", before=before,
                 after={"step": step.kind.value, "severity": incident.severity})
    return StepDone(incident_id, step.kind, messages)


def do_step(session: Session, incident: Incident, campaign: Campaign, plan: EmergencyPlan, step: Step,
            now: datetime, *, actor_id: str | None, locale_for: LocaleFor) -> int:
    before = ladder_state(incident)
    after = advance(before, step, now)
    apply_state(incident, after, plan, now)
    incident_id = incident.pk
    targets = plan.targets_for(IncidentKind(incident.kind))

    if step.kind == StepKind.REMIND_ACKNOWLEDGER:
        user = incident.acknowledged_by or incident.responder_id
        locale = locale_for(user)
        text = t("incidents.remind.dm", locale, **words_of(incident, campaign, plan, locale),
                 elapsed=formatting.duration(now - incident.created_at, locale),
                 target=formatting.duration(targets.resolve_within, locale))
        blocks = with_intro(text, card_of(incident, campaign, plan, locale))
        added = outbox.enqueue(session, key=f"incident:{incident_id}:reminder:dm:{user}", kind="incident_reminder",
                               channel=user, text=text, blocks=blocks, now=now, campaign_id=campaign.id)
        repo.record_event(session=session, incident_id=incident_id, kind=step.kind.value, at=now, detail=user)
        return int(added)

    if step.kind == StepKind.STILL_OPEN:
        return _still_open(session, incident, campaign, plan, now, locale_for)

    dm_key, note_key, recipients = _page(step.kind, campaign, plan)
    if after.severity != before.severity:
        repo.record_event(session=session, incident_id=incident_id, kind="severity_raised", at=now, actor_id=actor_id,
                          detail=f"{before.severity.value}->{after.severity.value}")
    prefix = f"incident:{incident_id}:step:{step.step}"
    if actor_id and step.step == before.step:  # the top paged again by hand: a page of its own each time
        prefix += f":again:{now.isoformat()}"
        dm_key, note_key = "incidents.page.again.dm", "incidents.page.again.note"

    def words(locale: str | None) -> dict[str, Any]:
        if actor_id:
            reason = t("incidents.reason.by_hand", locale, actor=mention(actor_id))
        else:
            reason = t("incidents.reason.unacknowledged", locale,
                       elapsed=formatting.duration(now - incident.created_at, locale),
                       target=formatting.duration(targets.acknowledge_within, locale))
        change_key = "incidents.severity.raised" if after.severity != before.severity else "incidents.severity.kept"
        change = t(change_key, locale, before=severity_label(before.severity, locale),
                   after=severity_label(after.severity, locale))
        return {**words_of(incident, campaign, plan, locale), "reason": reason, "severity_change": change,
                "people": ", ".join(mention(user) for user in recipients)}

    added = 0
    for user in recipients:
        locale = locale_for(user)
        text = t(dm_key, locale, **words(locale))
        added += outbox.enqueue(session, key=f"{prefix}:dm:{user}", kind=f"incident_{step.kind.value}", channel=user,
                                text=text, blocks=with_intro(text, card_of(incident, campaign, plan, locale)),
                                now=now, campaign_id=campaign.id, urgent=is_urgent(incident.kind))
    channel_locale = campaign_locale(campaign, locale_for)
    note = t(note_key, channel_locale, **words(channel_locale))
    added += outbox.enqueue(session, key=f"{prefix}:note", kind="incident_note", channel=campaign.channel_id,
                            text=note, now=now, campaign_id=campaign.id, thread_of=card_key(incident_id))
    show_card(session, incident, campaign, now, locale_for)
    repo.record_event(session=session, incident_id=incident_id, kind=step.kind.value, at=now, actor_id=actor_id,
                      detail=",".join(recipients))
    return added


def _still_open(session: Session, incident: Incident, campaign: Campaign, plan: EmergencyPlan, now: datetime,
                locale_for: LocaleFor) -> int:
    """A severe incident past its ladder, still not resolved: its owner is reminded again, the thread notes it."""
    incident_id = incident.pk
    owner = campaign.owner_id
    targets = plan.targets_for(IncidentKind(incident.kind))

    def words(locale: str | None) -> dict[str, Any]:
        return {**words_of(incident, campaign, plan, locale), "people": mention(owner),
                "elapsed": formatting.duration(now - incident.created_at, locale),
                "every": formatting.duration(still_open_every(targets), locale)}

    prefix = f"incident:{incident_id}:still_open:{now.isoformat()}"
    locale = locale_for(owner)
    text = t("incidents.still_open.dm", locale, **words(locale))
    added = int(outbox.enqueue(session, key=f"{prefix}:dm:{owner}", kind="incident_still_open", channel=owner,
                               text=text, blocks=with_intro(text, card_of(incident, campaign, plan, locale)),
                               now=now, campaign_id=campaign.id))
    added += outbox.enqueue(session, key=f"{prefix}:note", kind="incident_note", channel=campaign.channel_id,
                            text=t("incidents.still_open.note", locale, **words(locale)), now=now,
                            campaign_id=campaign.id, thread_of=card_key(incident_id))
    repo.record_event(session=session, incident_id=incident_id, kind=StepKind.STILL_OPEN.value, at=now, detail=owner)
    return added


def _page(kind: StepKind, campaign: Campaign, plan: EmergencyPlan) -> tuple[str, str, list[str]]:
    """Which words and who, for a page rung."""
    owner, sponsor = campaign.owner_id, plan.sponsor_id
    if kind == StepKind.PAGE_OWNER:
        return "incidents.page.owner.dm", "incidents.page.owner.note", [owner]
    if kind == StepKind.PAGE_SPONSOR:
        if sponsor:
            return "incidents.page.sponsor.dm", "incidents.page.sponsor.note", [sponsor]
        return "incidents.page.no_sponsor.dm", "incidents.page.no_sponsor.note", [owner]
    people = [sponsor, owner] if sponsor and sponsor != owner else [owner]
    return "incidents.page.last_reminder.dm", "incidents.page.last_reminder.note", people


def locales_of(services: Services, people: set[str]) -> LocaleFor:
    """Each person's language, looked up now (users.info, cached) so no Slack call waits inside a transaction."""
    known = {user: services.locale_for(user) for user in people if user}
    return lambda user: known[user] if user in known else services.locale_for(user)


def people_of(services: Services, incident_id: int) -> set[str]:
    """Everyone an incident's messages may be addressed to or written for."""
    with services.unit_of_work() as session:
        incident = repo.get_incident(session=session, incident_id=incident_id, team_id=None)
        if incident is None:
            return set()
        campaign = campaign_of(session, incident)
        sponsor = plan_of_incident(incident).sponsor_id
        return {user for user in (incident.responder_id, incident.acknowledged_by, campaign.owner_id, sponsor)
                if user}
