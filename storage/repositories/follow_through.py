"""Queries for the risk register and the satisfaction answers. Keyword-only; none of them commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from storage.models import CampaignRisk, Incident, SatisfactionAnswer


def risks(*, session: Session, campaign_id: int) -> Sequence[CampaignRisk]:
    return session.scalars(select(CampaignRisk).where(CampaignRisk.campaign_id == campaign_id)
                           .order_by(CampaignRisk.id)).all()


def risk(*, session: Session, campaign_id: int, risk_id: int) -> CampaignRisk | None:
    """A risk of that campaign only: an id from another campaign's register reads as gone."""
    return session.scalars(select(CampaignRisk).where(CampaignRisk.id == risk_id,
                                                      CampaignRisk.campaign_id == campaign_id)).first()


def count_risks(*, session: Session, campaign_id: int) -> int:
    return session.scalar(select(func.count()).select_from(CampaignRisk)
                          .where(CampaignRisk.campaign_id == campaign_id)) or 0


def incident_moments(*, session: Session, campaign_id: int) -> list[tuple[str, datetime]]:
    """(kind, reported at) of every incident of the campaign."""
    return [(kind, at) for kind, at in session.execute(
        select(Incident.kind, Incident.created_at).where(Incident.campaign_id == campaign_id))]


def save_answer(*, session: Session, campaign_id: int, user_id: str, score: int, at: datetime) -> bool:
    """One answer per person: insert it, or replace the earlier one. True when the person had answered before."""
    existing = _answer(session, campaign_id, user_id)
    if existing is None:
        try:
            with session.begin_nested():  # two quick clicks: the second insert meets the unique index
                session.add(SatisfactionAnswer(campaign_id=campaign_id, user_id=user_id, score=score, answered_at=at))
            return False
        except IntegrityError:
            existing = _answer(session, campaign_id, user_id)
            if existing is None:
                raise
    existing.score, existing.answered_at = score, at
    return True


def _answer(session: Session, campaign_id: int, user_id: str) -> SatisfactionAnswer | None:
    return session.scalars(select(SatisfactionAnswer).where(SatisfactionAnswer.campaign_id == campaign_id,
                                                            SatisfactionAnswer.user_id == user_id)
                           .with_for_update()).first()


def scores(*, session: Session, campaign_id: int) -> list[int]:
    return list(session.scalars(select(SatisfactionAnswer.score)
                                .where(SatisfactionAnswer.campaign_id == campaign_id)))
