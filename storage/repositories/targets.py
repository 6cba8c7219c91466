"""Queries of the rate, lift and extra-total targets (storage.models.targets): keyword-only, never commit."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlmodel import Session, select

from bot.plan.rules.targets import Goal, GoalTarget
from storage.models import CampaignGoal

_GOALS = frozenset(goal.value for goal in Goal)


def _target(row: CampaignGoal) -> GoalTarget:
    return GoalTarget(Goal(row.goal), row.target, row.baseline)


def goals(*, session: Session, campaign_id: int) -> dict[Goal, GoalTarget]:
    rows = session.scalars(select(CampaignGoal).where(CampaignGoal.campaign_id == campaign_id)).all()
    # A goal this version does not know (written by a newer one) is left alone rather than misread.
    found = {Goal(row.goal): _target(row) for row in rows if row.goal in _GOALS}
    return {goal: found[goal] for goal in Goal if goal in found}


def goals_of(*, session: Session, campaign_ids: Sequence[int]) -> dict[int, dict[Goal, GoalTarget]]:
    result: dict[int, dict[Goal, GoalTarget]] = {campaign_id: {} for campaign_id in campaign_ids}
    if not campaign_ids:
        return result
    for row in session.scalars(select(CampaignGoal).where(CampaignGoal.campaign_id.in_(campaign_ids))):
        if row.goal in _GOALS:
            result[row.campaign_id][Goal(row.goal)] = _target(row)
    return {campaign_id: {goal: found[goal] for goal in Goal if goal in found} for campaign_id, found in result.items()}


def replace_goals(*, session: Session, campaign_id: int, goals: Mapping[Goal, GoalTarget], actor_id: str,
                  at: datetime) -> None:
    existing = {row.goal: row for row in
                session.scalars(select(CampaignGoal).where(CampaignGoal.campaign_id == campaign_id))}
    for name, row in existing.items():
        if name in _GOALS and Goal(name) not in goals:
            session.delete(row)
    for goal, target in goals.items():
        row = existing.get(goal.value)
        if row is None:
            session.add(CampaignGoal(campaign_id=campaign_id, goal=goal.value, kind=target.kind.value,
                                     target=target.target, baseline=target.baseline, updated_by=actor_id,
                                     updated_at=at))
        elif (row.target, row.baseline) != (target.target, target.baseline):
            row.target, row.baseline, row.updated_by, row.updated_at = target.target, target.baseline, actor_id, at
