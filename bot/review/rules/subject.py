"""What the review is about: the campaign's overview facts, and the review with them (what builders render)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.adjustments.rules import AdjustmentFact
from bot.review.rules.follow_through import FollowThrough
from bot.review.rules.results import Review


@dataclass(frozen=True)
class ReviewSubject:
    campaign_id: int
    name: str
    theme: str
    objective: str
    status: str
    start: date
    end: date
    timezone: str
    owner_id: str
    channel_id: str
    task_owners: tuple[str, ...]
    reporters: tuple[str, ...]
    # what is still open when the review is built, for Close's warning (the close note recounts at closing time)
    open_incidents: int = 0
    open_tasks: int = 0

    @property
    def team_ids(self) -> set[str]:
        return {*self.task_owners, *self.reporters}


@dataclass(frozen=True)
class ReviewPackage:
    subject: ReviewSubject
    review: Review
    follow_through: FollowThrough = field(default_factory=FollowThrough)  # the risk register, satisfaction
    adjustments: tuple[AdjustmentFact, ...] = ()  # every Cause & adjustment recorded, oldest first
