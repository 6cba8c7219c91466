"""Use cases of the budget lines (预算明细): what the modal shows, and saving a checked plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from sqlmodel import Session

from bot.campaigns.rules.campaign import contingency_amount
from bot.campaigns.service import audit
from bot.campaigns.service.campaigns import live_campaign
from bot.kernel import policy
from bot.kernel.errors import NotAllowed, UserRef
from bot.plan.rules.budget_lines import BudgetLine
from storage.models import Campaign
from storage.repositories import review as review_repo


@dataclass(frozen=True)
class BudgetContext:
    campaign_id: int
    name: str
    channel_id: str
    budget: Decimal
    reserve: Decimal  # the campaign's contingency reserve: the Contingency line's default
    plan: Mapping[BudgetLine, Decimal]


def _plannable(session: Session, campaign_id: int, team_id: str, actor: policy.Actor, *, for_update: bool = False
               ) -> Campaign:
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=team_id, for_update=for_update)
    if not policy.can_plan_budget(actor, campaign):
        raise NotAllowed("plan.budget.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    return campaign


def budget_context(*, session: Session, campaign_id: int, team_id: str, actor: policy.Actor) -> BudgetContext:
    campaign = _plannable(session, campaign_id, team_id, actor)
    return BudgetContext(
        campaign_id=campaign_id, name=campaign.name, channel_id=campaign.channel_id, budget=campaign.budget,
        reserve=contingency_amount(campaign.budget, campaign.contingency_pct),
        plan=review_repo.budget_plan(session=session, campaign_id=campaign_id),
    )


def set_budget_plan(
    *, session: Session, campaign_id: int, team_id: str, plan: Mapping[BudgetLine, Decimal], actor: policy.Actor,
    now: datetime,
) -> Campaign:
    """Replace the planned lines (already checked by bot.plan.rules.budget_lines.check_budget_plan)."""
    campaign = _plannable(session, campaign_id, team_id, actor, for_update=True)
    before = review_repo.budget_plan(session=session, campaign_id=campaign_id)
    old, new = audit.changes({line.value: before.get(line) for line in BudgetLine},
                             {line.value: plan.get(line) for line in BudgetLine})
    if new:
        audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="budget",
                     object_id=campaign.id, action="changed", before=old, after=new)
    review_repo.replace_budget_plan(session=session, campaign_id=campaign_id, plan=plan, actor_id=actor.user_id,
                                    at=now)
    campaign.updated_at = now
    return campaign
