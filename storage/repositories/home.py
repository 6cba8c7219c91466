"""Queries for a person's App Home: their campaigns with KPI totals, incidents waiting for them, task counts.
Every query is scoped by team; none of them commits."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES, Metric
from bot.reports.rules.figures import Figures
from bot.tasks.rules.tasks import ACTIVE, TaskStatus
from storage.models import Campaign, CampaignReporter, DailyReport, Incident, KpiTarget, Task
from storage.repositories.tasks import answered_by

_LIVE = [status.value for status in LIVE_STATUSES]
_ACTIVE = [status.value for status in ACTIVE]
_FIGURES = ("exposure", "clicks", "participants", "conversions", "new_members", "sales", "spend")


def count_active_tasks_of_owner(*, session: Session, team_id: str, owner_id: str) -> int:
    return session.scalar(
        select(func.count()).select_from(Task).join(Campaign, Campaign.id == Task.campaign_id)
        .where(answered_by(owner_id), Task.status.in_(_ACTIVE), Campaign.team_id == team_id,
               Campaign.status.in_(_LIVE))
    ) or 0


def _campaigns_of(team_id: str, user_id: str) -> tuple[object, ...]:
    reporting = select(CampaignReporter.campaign_id).where(CampaignReporter.user_id == user_id)
    working = select(Task.campaign_id).where(Task.owner_id == user_id, Task.status != TaskStatus.CANCELLED.value)
    return (Campaign.team_id == team_id, Campaign.status.in_(_LIVE),
            or_(Campaign.owner_id == user_id, Campaign.id.in_(reporting), Campaign.id.in_(working)))


def campaigns_of_person(*, session: Session, team_id: str, user_id: str, limit: int
                        ) -> tuple[Sequence[Campaign], int]:
    """Live campaigns the person owns, reports for or has tasks in: the newest `limit` and how many in all."""
    where = _campaigns_of(team_id, user_id)
    total = session.scalar(select(func.count()).select_from(Campaign).where(*where)) or 0  # type: ignore[arg-type]
    rows = session.scalars(
        select(Campaign).where(*where).order_by(Campaign.start_date.desc(), Campaign.id.desc())  # type: ignore[arg-type]
        .limit(limit)
    ).all()
    return rows, total


def reporting_campaign_ids(*, session: Session, user_id: str, campaign_ids: Sequence[int]) -> set[int]:
    if not campaign_ids:
        return set()
    return set(session.scalars(
        select(CampaignReporter.campaign_id).where(CampaignReporter.user_id == user_id,
                                                   CampaignReporter.campaign_id.in_(campaign_ids))
    ).all())


def campaigns_with_reporters(*, session: Session, campaign_ids: Sequence[int]) -> set[int]:
    if not campaign_ids:
        return set()
    return set(session.scalars(
        select(CampaignReporter.campaign_id).where(CampaignReporter.campaign_id.in_(campaign_ids)).distinct()
    ).all())


def report_totals(*, session: Session, campaign_ids: Sequence[int]) -> dict[int, Figures]:
    """Each campaign's figures summed over all its reports: one grouped query for all of them."""
    if not campaign_ids:
        return {}
    columns = [func.sum(getattr(DailyReport, name)) for name in _FIGURES]
    rows = session.execute(
        select(DailyReport.campaign_id, *columns).where(DailyReport.campaign_id.in_(campaign_ids))
        .group_by(DailyReport.campaign_id)
    ).all()
    totals: dict[int, Figures] = {}
    for campaign_id, *values in rows:
        figures = {name: (int(value) if name not in ("sales", "spend") else value) if value is not None else None
                   for name, value in zip(_FIGURES, values, strict=True)}
        totals[campaign_id] = Figures(**figures)  # type: ignore[arg-type]
    return totals


def kpi_targets_of(*, session: Session, campaign_ids: Sequence[int]) -> dict[int, dict[Metric, Decimal]]:
    targets: dict[int, dict[Metric, Decimal]] = {campaign_id: {} for campaign_id in campaign_ids}
    if campaign_ids:
        for row in session.scalars(select(KpiTarget).where(KpiTarget.campaign_id.in_(campaign_ids))):
            targets[row.campaign_id][Metric(row.metric)] = row.target
    return targets


def incidents_for(*, session: Session, team_id: str, user_id: str, paged_from_step: int
                  ) -> list[tuple[Incident, Campaign]]:
    """Unresolved incidents of live campaigns that the person answers, owns the campaign of, or that have climbed
    to `paged_from_step` (the sponsor's rung: whether this person is the sponsor is in the plan, the caller's to
    read), oldest first."""
    rows = session.execute(
        select(Incident, Campaign).join(Campaign, Campaign.id == Incident.campaign_id)
        .where(Campaign.team_id == team_id, Campaign.status.in_(_LIVE), Incident.status != "resolved",
               or_(Incident.responder_id == user_id, Campaign.owner_id == user_id,
                   Incident.step >= paged_from_step))
        .order_by(Incident.created_at, Incident.id)
    ).all()
    return [(incident, campaign) for incident, campaign in rows]
