"""`/campaign targets`: the KPI targets modal (totals, rates, lifts) and saving it, with an audit entry, a note in
the campaign channel and the card refreshed; the changes are returned for sign-off."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.campaigns.service import audit
from bot.campaigns.service import campaigns as campaign_service
from bot.campaigns.service.campaigns import live_campaign
from bot.card.service import refresh_card
from bot.kernel import policy
from bot.kernel.blockkit.text import join, mention, safe_text
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.flow import once_per_submission
from bot.kernel.forms import FormRejected
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.pace.blocks.target_lines import change_lines
from bot.plan.rules.targets import TargetChange, TargetsDraft, TargetsForm, audit_values, check_targets, target_changes
from bot.signoff import service as approval
from storage.models import Campaign
from storage.repositories import campaigns as repo
from storage.repositories import signoff as signoff_repository
from storage.repositories import targets as target_repo

Answer = Callable[[], object]


@dataclass(frozen=True)
class TargetsContext:
    campaign_id: int
    name: str
    current: TargetsDraft


def _editable(session: Session, campaign_id: int, actor: policy.Actor, *, for_update: bool = False) -> Campaign:
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id or "",
                             for_update=for_update)
    approver_ids = signoff_repository.approvers(session=session, campaign_id=campaign_id)
    if not policy.may_edit_targets(actor, campaign, approver_ids):
        raise NotAllowed("plan.targets.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    return campaign


def current_targets(session: Session, campaign_id: int) -> TargetsDraft:
    return TargetsDraft(totals=repo.kpi_targets(session=session, campaign_id=campaign_id),
                        goals=target_repo.goals(session=session, campaign_id=campaign_id))


def context_named(services: Services, *, reference: str, channel_id: str | None,
                  actor: policy.Actor) -> TargetsContext:
    """The targets of the campaign named (or the channel's), for someone who may change them."""
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(session=session, team_id=actor.team_id or "",
                                                     reference=reference, channel_id=channel_id, sub="targets")
        campaign = _editable(session, campaign.pk, actor)
        return TargetsContext(campaign_id=campaign.pk, name=campaign.name,
                              current=current_targets(session, campaign.pk))


def set_targets(*, session: Session, campaign_id: int, draft: TargetsDraft, actor: policy.Actor,
                now: datetime) -> tuple[Campaign, list[TargetChange]]:
    """Replace the campaign's targets with a checked draft; the audit trail keeps what changed."""
    campaign = _editable(session, campaign_id, actor, for_update=True)
    before = current_targets(session, campaign_id)
    changes = target_changes(before, draft)
    if not changes:
        return campaign, []
    old, new = audit.changes(audit_values(before), audit_values(draft))
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="targets",
                 object_id=campaign.id, action="changed", before=old, after=new)
    repo.replace_kpi_targets(session=session, campaign_id=campaign_id, targets=draft.totals)
    target_repo.replace_goals(session=session, campaign_id=campaign_id, goals=draft.goals, actor_id=actor.user_id,
                              at=now)
    campaign.updated_at = now
    return campaign, changes


def save_targets(services: Services, *, campaign_id: int, form: TargetsForm, submission: str, actor: policy.Actor,
                 locale: str, answer: Answer) -> list[TargetChange]:
    """Check everything first (a refusal saves nothing), save once per submission, note it in the channel.

    Returns the changes ("Sales: ¥2,000,000 → ¥2,500,000", `change_lines`) — what sign-off tells the approvers."""
    draft, errors = check_targets(form)
    if draft is None:
        raise FormRejected(errors)  # before the claim, so the corrected submission is not taken for a repeat
    locales = approval.approval_locales(services, campaign_id)  # users.info look-ups before the transaction
    changes: list[TargetChange] = []

    def save(session: Session, now: datetime) -> list[str]:
        campaign, changed = set_targets(session=session, campaign_id=campaign_id, draft=draft, actor=actor, now=now)
        changes.extend(changed)
        if not changed:
            return []
        note = outbox.one_off_key("targets_note")
        outbox.enqueue(session, key=note, kind="targets_note", channel=campaign.channel_id, now=now,
                       campaign_id=campaign.id,
                       text=safe_text("plan.targets.saved", locale, actor=mention(actor.user_id), name=campaign.name,
                                      changes=join("; ", change_lines(changed, locale))))
        # The targets are part of what was signed off: an approved campaign waits for approval again, and
        # its approvers are told what changed (in the campaign's language).
        return [note, *approval.send_back_for_approval(
            session, campaign=campaign, actor_id=actor.user_id, changes=change_lines(changed, locales.card),
            now=now, locales=locales, update_card=False)]

    if once_per_submission(services, submission=submission, answer=answer, work=save) and changes:
        refresh_card(services, campaign_id, locale)  # the card shows the five totals and the approval
    return changes
