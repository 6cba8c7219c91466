"""A campaign's milestones as the review (复盘) reads them: each with its state and the campaign-time day it was
done."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.review.rules.milestones import MilestoneFact
from storage.models import Campaign
from storage.repositories import tasks as task_repository


def milestone_facts(session: Session, campaign: Campaign) -> list[MilestoneFact]:
    zone = ZoneInfo(campaign.timezone)
    return [MilestoneFact(name=milestone.name, on_date=milestone.on_date, owner_id=milestone.owner_id,
                          state=milestone.state,
                          done_on=milestone.done_at.astimezone(zone).date() if milestone.done_at else None)
            for milestone in task_repository.milestones_of_campaign(session=session, campaign_id=campaign.pk)]
