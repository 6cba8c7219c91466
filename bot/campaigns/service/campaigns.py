"""Use cases for campaigns: create, edit, find (approval: bot.signoff.service). The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.campaigns.rules.campaign import (
    LIVE_STATUSES,
    CampaignDraft,
    CampaignForm,
    Metric,
    Status,
)
from bot.campaigns.rules.reminders import ReminderSettings
from bot.campaigns.service import audit
from bot.campaigns.service.scheduling import (
    schedule_campaign,
    schedule_milestone,
    schedule_reporter,
    schedule_summary,
    schedule_task,
)
from bot.feedback.service.timing import reschedule_open as reschedule_complaints
from bot.incidents.rules.escalation import IncidentStatus
from bot.kernel import policy
from bot.kernel.blockkit.metadata import parse_id
from bot.kernel.errors import InvalidInput, NotAllowed, NotFound, UserRef
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.numbers import plain_amount
from bot.pace.rules.anomalies import AnomalySettings
from bot.pace.rules.pace import PhaseWeights
from bot.readiness.service import checklist as checklist_service
from bot.signoff.rules import signed_off_changes
from storage.models import Campaign
from storage.repositories import campaigns as repo
from storage.repositories import incidents as incident_repo
from storage.repositories import reports as report_repo
from storage.repositories import review as review_repository
from storage.repositories import signoff as signoff_repository
from storage.repositories import tasks as task_repo


def _name_taken(name: str) -> FormRejected:
    return FormRejected([FieldError("name", "form.error.name_taken", {"name": name})])


def create_campaign(
    *, session: Session, team_id: str, draft: CampaignDraft, creator_id: str, now: datetime
) -> Campaign:
    if repo.find_live_campaign_by_name(session=session, team_id=team_id, name=draft.name):
        raise _name_taken(draft.name)
    campaign = Campaign(team_id=team_id, status=Status.DRAFT, created_by=creator_id, created_at=now, updated_at=now,
                        **_draft_columns(draft))
    try:
        repo.add_campaign(session=session, campaign=campaign)
    except IntegrityError:
        # Another submission took the name between our check and the insert; the unique index said so.
        raise _name_taken(draft.name) from None
    assert campaign.id is not None
    repo.replace_kpi_targets(session=session, campaign_id=campaign.id, targets=draft.kpi_targets)
    signoff_repository.replace_approvers(session=session, campaign_id=campaign.id, user_ids=draft.approver_ids)
    repo.record_status_change(session=session, campaign_id=campaign.id, from_status=None, to_status=Status.DRAFT,
                              actor_id=creator_id, at=now)
    audit.record(session, campaign=campaign, actor_id=creator_id, at=now, object_type="campaign",
                 object_id=campaign.id, action="created",
                 after={"name": campaign.name, "status": campaign.status, "start": campaign.start_date,
                        "end": campaign.end_date, "budget": campaign.budget,
                        **({"approvers": list(draft.approver_ids)} if draft.approver_ids else {})})
    checklist_service.seed(session, campaign, now)  # the handbook's readiness list (准备清单)
    return campaign


@dataclass(frozen=True)
class Edited:
    """A saved edit: the campaign, the approvers it had before, and the changes an approval covered."""

    campaign: Campaign
    approvers_before: list[str]
    signed_off: list[tuple[str, object, object]]


def update_campaign(
    *, session: Session, campaign_id: int, draft: CampaignDraft, actor: policy.Actor, now: datetime
) -> Edited:
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id, for_update=True)
    if not policy.can_edit_campaign(actor, campaign):
        raise NotAllowed("campaign.edit.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    if repo.find_live_campaign_by_name(session=session, team_id=campaign.team_id, name=draft.name,
                                       excluding_id=campaign.id):
        raise _name_taken(draft.name)
    columns = _draft_columns(draft)
    before = {column: getattr(campaign, column) for column in columns}
    targets_before = repo.kpi_targets(session=session, campaign_id=campaign_id)
    approvers_before = signoff_repository.approvers(session=session, campaign_id=campaign_id)
    for column, value in columns.items():
        setattr(campaign, column, value)
    campaign.updated_at = now
    try:
        session.flush()
    except IntegrityError:
        raise _name_taken(draft.name) from None
    repo.replace_kpi_targets(session=session, campaign_id=campaign_id, targets=draft.kpi_targets)
    if list(draft.approver_ids) != approvers_before:
        signoff_repository.replace_approvers(session=session, campaign_id=campaign_id, user_ids=draft.approver_ids)
    old, new = audit.changes({**before, **_kpis(targets_before), "approvers": approvers_before},
                             {**columns, **_kpis(draft.kpi_targets), "approvers": list(draft.approver_ids)})
    if new:
        audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="campaign",
                     object_id=campaign.id, action="edited", before=old, after=new)
    reschedule_everything(session=session, campaign=campaign, now=now)
    return Edited(campaign=campaign, approvers_before=approvers_before, signed_off=signed_off_changes(old, new))


def _kpis(targets: dict[Metric, Decimal]) -> dict[str, object]:
    return {f"kpi_{metric.value}": targets.get(metric) for metric in Metric}


def open_work(*, session: Session, campaign_id: int) -> tuple[list[int], int]:
    """What is still open in a campaign: (ids of its unresolved incidents, how many of its tasks are open)."""
    incidents = [incident.id or 0 for incident in incident_repo.incidents_of_campaign(session=session,
                                                                                     campaign_id=campaign_id)
                 if incident.status != IncidentStatus.RESOLVED]
    return sorted(incidents), len(task_repo.active_tasks_of_campaign(session=session, campaign_id=campaign_id))


def has_reporters(*, session: Session, campaign_id: int) -> bool:
    return bool(report_repo.reporters(session=session, campaign_id=campaign_id))


def update_reminder_settings(
    *, session: Session, campaign_id: int, settings: ReminderSettings, actor: policy.Actor, now: datetime,
    alerts: AnomalySettings | None = None, weights: PhaseWeights | None = None, country: str | None = None,
) -> Campaign:
    """`country`: whose public holidays count, as the campaign stores it (None: the time zone's; '': none)."""
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id, for_update=True)
    if not policy.can_edit_campaign(actor, campaign):
        raise NotAllowed("settings.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    names = ("reminder_settings", "anomaly_settings", "pace_weights", "country")
    before = {name: getattr(campaign, name) for name in names}
    campaign.country = country
    plain = replace(settings, country=None)  # the country lives in its own column
    campaign.reminder_settings = None if plain == ReminderSettings() else plain.dump()
    if alerts is not None:
        campaign.anomaly_settings = None if alerts == AnomalySettings() else alerts.dump()
    campaign.pace_weights = weights.dump() if weights else None
    old, new = audit.changes(before, {name: getattr(campaign, name) for name in names})
    if new:
        audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="settings",
                     object_id=campaign.id, action="changed", before=old, after=new)
    campaign.updated_at = now
    reschedule_everything(session=session, campaign=campaign, now=now)
    return campaign


def reschedule_everything(*, session: Session, campaign: Campaign, now: datetime) -> None:
    """Dates, time zone or reminder settings changed: every next fire time of the campaign is recomputed."""
    schedule_campaign(campaign, now)
    schedule_summary(campaign, now)
    for reporter in report_repo.reporters(session=session, campaign_id=campaign.id or 0):
        schedule_reporter(reporter, campaign, now)
    for task in task_repo.active_tasks_of_campaign(session=session, campaign_id=campaign.id or 0):
        schedule_task(task, campaign, now)
    for milestone in task_repo.milestones_of_campaign(session=session, campaign_id=campaign.id or 0):
        schedule_milestone(milestone, campaign, now)
    reschedule_complaints(session=session, campaign=campaign)
    checklist_service.reschedule(session, campaign, now)


def live_campaign(*, session: Session, campaign_id: int, team_id: str | None, for_update: bool = False) -> Campaign:
    """The live campaign with this id in workspace `team_id`; another workspace's is "gone" (NotFound)."""
    campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=team_id, for_update=for_update)
    if campaign is None:
        raise NotFound("campaign.gone")
    if Status(campaign.status) not in LIVE_STATUSES:
        raise InvalidInput("form.error.campaign_closed")
    return campaign


READING = frozenset({"status", "summary", "history", "export"})  # sub-commands that change nothing


def resolve_campaign(
    *, session: Session, team_id: str, reference: str, channel_id: str | None, sub: str
) -> Campaign:
    """Find the campaign a sub-command is about: by `#id` or name, else the one that owns this channel."""
    reference = reference.strip()
    if reference:
        digits = reference.lstrip("#")
        if digits.isdigit():
            campaign_id = parse_id(digits)
            campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=team_id) \
                if campaign_id else None
            if campaign is not None:
                return campaign
        else:
            name = " ".join(reference.split())
            campaign = repo.find_live_campaign_by_name(session=session, team_id=team_id, name=name)
            if campaign is not None:
                return campaign
        raise NotFound("campaign.not_found", reference=reference)
    in_channel = repo.live_campaigns_in_channel(session=session, team_id=team_id, channel_id=channel_id or "")
    if len(in_channel) == 1:
        return in_channel[0]
    if not in_channel and sub in READING and channel_id:
        # A closed campaign's channel still means it for what only reads it.
        latest = review_repository.newest_campaign_in_channel(session=session, team_id=team_id, channel_id=channel_id)
        if latest is not None:
            return latest
    if not in_channel:
        raise InvalidInput("campaign.need_reference", sub=sub)
    raise InvalidInput("campaign.ambiguous_channel", sub=sub, names=", ".join(c.name for c in in_channel),
                       example=in_channel[0].name)


def form_from_campaign(campaign: Campaign, targets: dict[Metric, Decimal],
                       approver_ids: Sequence[str] = ()) -> CampaignForm:
    return CampaignForm(
        name=campaign.name, theme=campaign.theme, objective=campaign.objective, start=campaign.start_date,
        end=campaign.end_date, warmup_start=campaign.warmup_start, burst_start=campaign.burst_start,
        longtail_start=campaign.longtail_start, owner_id=campaign.owner_id, channel_id=campaign.channel_id,
        budget=plain_amount(campaign.budget), contingency=str(campaign.contingency_pct), timezone=campaign.timezone,
        kpi_targets={metric: plain_amount(value) for metric, value in targets.items()}, language=campaign.language,
        approver_ids=tuple(approver_ids),
    )


def _draft_columns(draft: CampaignDraft) -> dict[str, object]:
    return {
        "name": draft.name, "theme": draft.theme, "objective": draft.objective.value,
        "start_date": draft.start, "end_date": draft.end, "warmup_start": draft.warmup_start,
        "burst_start": draft.burst_start, "longtail_start": draft.longtail_start, "owner_id": draft.owner_id,
        "channel_id": draft.channel_id, "budget": draft.budget, "contingency_pct": draft.contingency_pct,
        "timezone": draft.timezone, "language": draft.language,
    }
