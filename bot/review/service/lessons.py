"""Use cases of the lessons (经验总结) people add to the review: who may, what they wrote before, saving."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from bot.campaigns.rules.campaign import Status
from bot.campaigns.service import audit
from bot.campaigns.service.campaigns import team_campaign
from bot.kernel import policy
from bot.kernel.errors import InvalidInput, NotAllowed, UserRef
from bot.review.rules.lessons import LessonDraft
from storage.models import Campaign, CampaignLesson
from storage.repositories import reports as reports_repo
from storage.repositories import review as review_repo
from storage.repositories import tasks as task_repository


def lesson_campaign(*, session: Session, campaign_id: int, team_id: str, actor: policy.Actor,
                    for_update: bool = False) -> Campaign:
    """The campaign, when `actor` may add lessons to it now: not before it runs, not once it is closed."""
    campaign = team_campaign(session=session, campaign_id=campaign_id, team_id=team_id, for_update=for_update)
    if campaign.status == Status.CLOSED:
        raise InvalidInput("review.lessons.closed", name=campaign.name)
    if campaign.status not in (Status.RUNNING, Status.EVALUATING):
        raise InvalidInput("review.lessons.not_started", name=campaign.name)
    team = {reporter.user_id for reporter in reports_repo.reporters(session=session, campaign_id=campaign_id)}
    team |= {task.owner_id for task in task_repository.tasks_of_campaign(session=session, campaign_id=campaign_id)
             if task.owner_id}
    if not policy.can_add_lessons(actor, campaign, team):
        raise NotAllowed("review.lessons.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    return campaign


def own_lesson(*, session: Session, campaign_id: int, author_id: str) -> CampaignLesson | None:
    return review_repo.lesson_of(session=session, campaign_id=campaign_id, author_id=author_id)


def save_lesson(*, session: Session, campaign_id: int, team_id: str, draft: LessonDraft, actor: policy.Actor,
                now: datetime) -> tuple[Campaign, bool]:
    """Store the actor's lessons (their earlier ones are replaced); True when they had none before."""
    campaign = lesson_campaign(session=session, campaign_id=campaign_id, team_id=team_id, actor=actor,
                               for_update=True)
    lesson = review_repo.lesson_of(session=session, campaign_id=campaign_id, author_id=actor.user_id,
                                   for_update=True)
    created = lesson is None
    if lesson is None:
        lesson = CampaignLesson(campaign_id=campaign_id, author_id=actor.user_id, created_at=now, updated_at=now)
        session.add(lesson)
    parts = ("worked", "fell_short", "next_time")
    old, new = audit.changes({part: getattr(lesson, part) or "" for part in parts},
                             {part: getattr(draft, part) for part in parts})
    if new:
        audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="lessons",
                     object_id=campaign.id, action="added" if created else "edited",
                     before=None if created else old, after=new)
    lesson.worked, lesson.fell_short, lesson.next_time = draft.worked, draft.fell_short, draft.next_time
    lesson.updated_at = now
    session.flush()
    return campaign, created
