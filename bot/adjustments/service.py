"""Cause & adjustment of an incident, in the caller's transaction: what the modal offers, recording an adjustment
(its owner's task, any budget moved from the contingency line, the note in the card's thread and the owner's DM,
all through the outbox), and the adjustments as the summary and the review read them.

Who may record one: whoever may handle the incident (bot.kernel.policy.can_handle_incident). Moving extra budget is
planning the budget, so it is also the owner's or an admin's (bot.kernel.policy.can_plan_budget), refused on its
field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from slack_sdk.models.views import View as SlackView
from sqlmodel import Session

from bot.adjustments.blocks import (
    AdjustmentMetadata,
    ModalContext,
    adjustment_dm_blocks,
    adjustment_modal,
    adjustment_text,
    task_title,
)
from bot.adjustments.rules import (
    AdjustField,
    AdjustmentFact,
    AdjustmentForm,
    CheckedAdjustment,
    FormRules,
    check_adjustment,
    contingency_left,
    move_from_contingency,
    needs_cause,
)
from bot.campaigns.rules.campaign import Metric, contingency_amount
from bot.campaigns.service import audit
from bot.campaigns.service.campaigns import live_campaign
from bot.incidents.service import incidents as incident_service
from bot.incidents.service.ladder import LocaleFor, card_key
from bot.kernel import policy
from bot.kernel.blockkit.text import mention
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.slack import outbox
from bot.language.service import campaign_locale
from bot.pace.rules.subjects import Subject, dump_subjects, load_subjects
from bot.plan.blocks.emergency_plan import kind_label
from bot.plan.rules.budget_lines import BudgetLine
from bot.tasks.service.tasks import new_tasks
from storage.models import Campaign, Incident, IncidentAdjustment, Task
from storage.repositories import adjustments as adjustments_repo
from storage.repositories import campaigns as campaigns_repo
from storage.repositories import incidents as incidents_repo
from storage.repositories import reports as reports_repo
from storage.repositories import review as review_repo

END_OF_DAY = time(23, 59, 59)  # a due date without a time means "by the end of that day" (as in the task table)


def _today(campaign: Campaign, now: datetime) -> date:
    return now.astimezone(ZoneInfo(campaign.timezone)).date()


def _kpis(session: Session, campaign: Campaign) -> list[str]:
    targets = campaigns_repo.kpi_targets(session=session, campaign_id=campaign.pk)
    return [metric.value for metric in Metric if metric in targets]


def cause_needed(*, session: Session, incident: Incident) -> bool:
    """Resolving this incident asks for the cause first (a pace incident the bot opened, without an adjustment)."""
    count = adjustments_repo.count_of_incident(session=session, incident_id=incident.pk)
    return needs_cause(kind=incident.kind, dedupe_key=incident.dedupe_key, adjustments=count)


def modal_context(*, session: Session, incident_id: int, actor: policy.Actor, now: datetime, locale: str | None,
                  resolving: bool = False) -> ModalContext:
    """What the modal offers; refused (like Resolve would be) to whoever may not handle the incident."""
    incident, campaign, _plan = incident_service.handleable(session=session, incident_id=incident_id, actor=actor)
    live_campaign(session=session, campaign_id=campaign.pk, team_id=None)
    kpis = _kpis(session, campaign)
    sources = reports_repo.sources(session=session, campaign_id=campaign.pk)
    subjects = [Subject(metric) for metric in kpis] + [Subject(metric, source) for metric in kpis
                                                       for source in sources]
    plan = review_repo.budget_plan(session=session, campaign_id=campaign.pk)
    reserve = contingency_amount(campaign.budget, campaign.contingency_pct)
    return ModalContext(
        incident_id=incident_id, kind_label=kind_label(incident.kind, locale), campaign_name=campaign.name,
        responder_id=incident.responder_id, subjects=subjects, chosen=load_subjects(incident.subjects),
        contingency_left=contingency_left(plan, reserve), today=_today(campaign, now), resolving=resolving,
    )


@dataclass(frozen=True)
class Recorded:
    adjustment_id: int
    resolved: bool


def record(*, session: Session, incident_id: int, form: AdjustmentForm, actor: policy.Actor, now: datetime,
           locale_for: LocaleFor, resolve: bool = False) -> Recorded:
    """Check and store the adjustment with everything it brings; raises FormRejected (nothing written) when a
    field is wrong. With `resolve` (the modal Resolve opened), the incident is resolved in the same transaction."""
    incident, campaign, _plan = incident_service.handleable(session=session, incident_id=incident_id, actor=actor,
                                                            for_update=True)
    campaign = live_campaign(session=session, campaign_id=campaign.pk, team_id=None, for_update=True)
    sources = reports_repo.sources(session=session, campaign_id=campaign.pk)
    rules = FormRules(today=_today(campaign, now), start=campaign.start_date, end=campaign.end_date,
                      kpis=_kpis(session, campaign), sources=sources,
                      subject_required=needs_cause(kind=incident.kind, dedupe_key=incident.dedupe_key, adjustments=0))
    checked, errors = check_adjustment(form, rules)
    moved = None
    if checked is not None and checked.extra is not None and checked.line is not None:
        if not policy.can_plan_budget(actor, campaign):
            errors = [FieldError(AdjustField.EXTRA, "adjustments.error.budget_not_allowed",
                                 {"owner": mention(campaign.owner_id)})]
        else:
            plan = review_repo.budget_plan(session=session, campaign_id=campaign.pk)
            moved, errors = move_from_contingency(plan, contingency_amount(campaign.budget, campaign.contingency_pct),
                                                  checked.extra, checked.line)
            if moved is not None:
                _move_budget(session, campaign, incident, plan, moved, checked, actor, now)
    if checked is None or errors:
        raise FormRejected(errors)
    task = _task(session, campaign, incident, checked, actor, now, locale_for)
    adjustment = adjustments_repo.add(session=session, adjustment=IncidentAdjustment(
        campaign_id=campaign.pk, incident_id=incident_id, cause=checked.cause.value, happened=checked.happened,
        adjustment=checked.adjustment, owner_id=checked.owner_id, due_on=checked.due,
        subjects=dump_subjects(checked.subjects), extra_budget=checked.extra,
        budget_line=checked.line.value if checked.line else None, task_id=task.id, created_by=actor.user_id,
        created_at=now,
    ))
    adjustment_id = adjustment.pk
    incidents_repo.record_event(session=session, incident_id=incident_id, kind="adjusted", at=now,
                                actor_id=actor.user_id, detail=checked.cause.value)
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="adjustment",
                 object_id=incident_id, action="recorded",
                 after={"cause": checked.cause.value, "owner": checked.owner_id, "day": checked.due,
                        "adjustment": checked.adjustment})
    _tell(session, campaign, incident_id, adjustment_id, checked, actor, now, locale_for)
    resolved = False
    if resolve and incident.status != "resolved":
        incident_service.resolve(session=session, incident_id=incident_id, actor=actor, now=now,
                                 locale_for=locale_for)
        resolved = True
    return Recorded(adjustment_id, resolved)


def _move_budget(session: Session, campaign: Campaign, incident: Incident, before: Mapping[BudgetLine, Decimal],
                 after: Mapping[BudgetLine, Decimal], checked: CheckedAdjustment, actor: policy.Actor,
                 now: datetime) -> None:
    """The budget lines with the extra budget moved, and the history's entry saying so."""
    assert checked.line is not None
    reserve = contingency_amount(campaign.budget, campaign.contingency_pct)
    old: dict[str, object] = {BudgetLine.CONTINGENCY.value: contingency_left(before, reserve),
                              checked.line.value: before.get(checked.line)}
    new: dict[str, object] = {BudgetLine.CONTINGENCY.value: after[BudgetLine.CONTINGENCY],
                              checked.line.value: after[checked.line]}
    review_repo.replace_budget_plan(session=session, campaign_id=campaign.pk, plan=after,
                                    actor_id=actor.user_id, at=now)
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="budget",
                 object_id=incident.id, action="moved", before=old, after=new)
    campaign.updated_at = now


def _task(session: Session, campaign: Campaign, incident: Incident, checked: CheckedAdjustment, actor: policy.Actor,
          now: datetime, locale_for: LocaleFor) -> Task:
    """The owner's task, due at the end of the due day (campaign time): the task reminders remind them."""
    zone = ZoneInfo(campaign.timezone)
    fields = {"title": task_title(checked, incident.pk, campaign_locale(campaign, locale_for)),
              "owner_id": checked.owner_id, "due_at": datetime.combine(checked.due, END_OF_DAY, zone),
              "deliverable": checked.adjustment[:2000]}
    return new_tasks(session, campaign, [fields], actor_id=actor.user_id, now=now)[0]


def _tell(session: Session, campaign: Campaign, incident_id: int, adjustment_id: int, checked: CheckedAdjustment,
          actor: policy.Actor, now: datetime, locale_for: LocaleFor) -> None:
    """The note in the incident card's thread (the campaign's language), the owner's DM (theirs)."""
    prefix = f"incident:{incident_id}:adjustment:{adjustment_id}"
    locale = campaign_locale(campaign, locale_for)
    note = adjustment_text(checked, incident_id=incident_id, actor_id=actor.user_id, key="adjustments.note",
                           locale=locale)
    outbox.enqueue(session, key=f"{prefix}:note", kind="incident_note", channel=campaign.channel_id, text=note,
                   now=now, campaign_id=campaign.id, thread_of=card_key(incident_id))
    reader = locale_for(checked.owner_id)
    dm = adjustment_text(checked, incident_id=incident_id, actor_id=actor.user_id, key="adjustments.dm", locale=reader)
    outbox.enqueue(session, key=f"{prefix}:dm:{checked.owner_id}", kind="adjustment_dm", channel=checked.owner_id,
                   text=dm, blocks=adjustment_dm_blocks(dm, reader), now=now, campaign_id=campaign.id)


# --- reading them back -------------------------------------------------------------------------------------------

def facts_of(*, session: Session, campaign: Campaign, before: datetime | None = None) -> list[AdjustmentFact]:
    """The campaign's adjustments (recorded by `before`, when given) as the summary and the review read them."""
    zone = ZoneInfo(campaign.timezone)
    return [AdjustmentFact(
        id=row.pk, incident_id=row.incident_id, cause=row.cause, happened=row.happened,
        adjustment=row.adjustment, owner_id=row.owner_id, due=row.due_on,
        recorded_on=row.created_at.astimezone(zone).date(), subjects=load_subjects(row.subjects),
        extra=row.extra_budget, line=row.budget_line,
    ) for row in adjustments_repo.of_campaign(session=session, campaign_id=campaign.pk, before=before)]


def modal(session: Session, *, incident_id: int, actor: policy.Actor, now: datetime, locale: str,
          resolving: bool = False) -> SlackView:
    """The Cause & adjustment modal of the incident, for someone who may handle it (Resolve opens it `resolving`:
    saving it resolves the incident too)."""
    context = modal_context(session=session, incident_id=incident_id, actor=actor, now=now, locale=locale,
                            resolving=resolving)
    return adjustment_modal(context, AdjustmentMetadata(incident_id=incident_id, resolve=resolving).dump(), locale)
