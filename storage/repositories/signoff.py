"""Queries for a campaign's approvers and the changes they asked for. None of them commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, select
from sqlmodel import Session

from storage.models import CampaignApprover, ChangeRequest


def approvers(*, session: Session, campaign_id: int) -> list[str]:
    """The approvers' user ids, in the order the form named them."""
    return list(session.scalars(
        select(CampaignApprover.user_id).where(CampaignApprover.campaign_id == campaign_id)
        .order_by(CampaignApprover.position, CampaignApprover.id)
    ).all())


def replace_approvers(*, session: Session, campaign_id: int, user_ids: Sequence[str]) -> None:
    session.execute(delete(CampaignApprover).where(CampaignApprover.campaign_id == campaign_id))
    for position, user_id in enumerate(user_ids):
        session.add(CampaignApprover(campaign_id=campaign_id, user_id=user_id, position=position))
    session.flush()


def add_change_request(*, session: Session, campaign_id: int, user_id: str, comment: str,
                       at: datetime) -> ChangeRequest:
    request = ChangeRequest(campaign_id=campaign_id, user_id=user_id, comment=comment, at=at)
    session.add(request)
    session.flush()
    return request


def change_requests(*, session: Session, campaign_id: int) -> Sequence[ChangeRequest]:
    """Oldest first."""
    return session.scalars(
        select(ChangeRequest).where(ChangeRequest.campaign_id == campaign_id).order_by(ChangeRequest.at,
                                                                                       ChangeRequest.id)
    ).all()
