"""Queries. Keyword-only, and none of them commits: the caller's unit of work does."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES, Metric
from storage.models import Campaign, CampaignStatusChange, KpiTarget

_LIVE = [status.value for status in LIVE_STATUSES]


def add_campaign(*, session: Session, campaign: Campaign) -> Campaign:
    session.add(campaign)
    session.flush()  # assigns the id that targets and history refer to
    return campaign


def get_campaign(
    *, session: Session, campaign_id: int, team_id: str | None, for_update: bool = False
) -> Campaign | None:
    """The campaign with this id in workspace `team_id`; another workspace's campaign is not found. None is for
    the bot's own passes and follow-ups, which read the id from the database rather than from a request."""
    statement = select(Campaign).where(Campaign.id == campaign_id)
    if team_id is not None:
        statement = statement.where(Campaign.team_id == team_id)
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def find_live_campaign_by_name(
    *, session: Session, team_id: str, name: str, excluding_id: int | None = None
) -> Campaign | None:
    statement = select(Campaign).where(
        Campaign.team_id == team_id,
        func.lower(Campaign.name) == name.lower(),
        Campaign.status.in_(_LIVE),
    )
    if excluding_id is not None:
        statement = statement.where(Campaign.id != excluding_id)
    return session.scalars(statement).first()


def live_campaigns_in_channel(*, session: Session, team_id: str, channel_id: str) -> Sequence[Campaign]:
    statement = (
        select(Campaign)
        .where(Campaign.team_id == team_id, Campaign.channel_id == channel_id, Campaign.status.in_(_LIVE))
        .order_by(Campaign.created_at.desc(), Campaign.id.desc())
    )
    return session.scalars(statement).all()


def live_campaign_channels(*, session: Session, team_id: str) -> list[tuple[int, str, str | None]]:
    """(id, owner, channel) of every live campaign: what deciding who may see each one in the list needs."""
    rows = session.execute(select(Campaign.id, Campaign.owner_id, Campaign.channel_id)
                           .where(Campaign.team_id == team_id, Campaign.status.in_(_LIVE))).all()
    return [(campaign_id, owner_id, channel_id) for campaign_id, owner_id, channel_id in rows]


def list_live_campaigns(*, session: Session, team_id: str, limit: int,
                        hidden: Collection[int] = ()) -> tuple[Sequence[Campaign], int]:
    """The newest `limit` live campaigns and how many there are in all, leaving out `hidden` ones."""
    live = (Campaign.team_id == team_id, Campaign.status.in_(_LIVE),
            *((Campaign.id.notin_(hidden),) if hidden else ()))  # type: ignore[union-attr]
    total = session.scalar(select(func.count()).select_from(Campaign).where(*live)) or 0
    rows = session.scalars(
        select(Campaign).where(*live).order_by(Campaign.created_at.desc(), Campaign.id.desc()).limit(limit)
    ).all()
    return rows, total


def kpi_targets(*, session: Session, campaign_id: int) -> dict[Metric, Decimal]:
    rows = session.scalars(select(KpiTarget).where(KpiTarget.campaign_id == campaign_id)).all()
    return {Metric(row.metric): row.target for row in rows}


def replace_kpi_targets(*, session: Session, campaign_id: int, targets: dict[Metric, Decimal]) -> None:
    existing = {
        row.metric: row for row in session.scalars(select(KpiTarget).where(KpiTarget.campaign_id == campaign_id))
    }
    for metric, row in existing.items():
        if metric not in targets:
            session.delete(row)
    for metric, value in targets.items():
        row = existing.get(metric.value)
        if row is None:
            session.add(KpiTarget(campaign_id=campaign_id, metric=metric.value, target=value))
        else:
            row.target = value


def record_status_change(
    *, session: Session, campaign_id: int, from_status: str | None, to_status: str, actor_id: str, at: datetime
) -> None:
    session.add(
        CampaignStatusChange(
            campaign_id=campaign_id, from_status=from_status, to_status=to_status, actor_id=actor_id, at=at
        )
    )


def campaigns_due_for_event(*, session: Session, now: datetime, limit: int) -> Sequence[Campaign]:
    """Campaigns whose next lifecycle event is due, locked for this pass (others' locks are skipped)."""
    return session.scalars(
        select(Campaign).where(Campaign.next_event_at <= now).order_by(Campaign.next_event_at, Campaign.id)
        .limit(limit).with_for_update(skip_locked=True)
    ).all()


def campaigns_due_for_summary(*, session: Session, now: datetime, limit: int) -> Sequence[Campaign]:
    return session.scalars(
        select(Campaign).where(Campaign.next_summary_at <= now).order_by(Campaign.next_summary_at, Campaign.id)
        .limit(limit).with_for_update(skip_locked=True)
    ).all()
