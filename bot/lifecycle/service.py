"""A campaign's plan as its owner writes it: create and edit (a change sign-off covers sends it back to its
approvers), the reminder settings, and every fire time kept right after a change. The caller owns the transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.campaigns.rules.campaign import (
    CampaignDraft,
    CampaignForm,
    Metric,
    Status,
)
from bot.campaigns.service import audit
from bot.campaigns.service.campaigns import Edited, live_campaign
from bot.kernel import policy
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.numbers import plain_amount
from bot.readiness.service import checklist as checklist_service
from bot.reminders.service import reschedule_everything
from bot.signoff.rules import signed_off_changes
from storage.models import Campaign
from storage.repositories import campaigns as repo
from storage.repositories import signoff as signoff_repository


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


def update_campaign(
    *, session: Session, campaign_id: int, draft: CampaignDraft, actor: policy.Actor, now: datetime
) -> Edited:
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id, for_update=True)
    if not policy.can_edit_campaign(actor, campaign):
        raise NotAllowed("campaigns.edit.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
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
