"""Use cases of the review (复盘): gather a campaign's facts into a Review, post it (message, chart, PDF) through
the outbox, find campaigns by name whatever their status, close an evaluated campaign. The caller owns the
transaction."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.adjustments import service as adjustment_service
from bot.campaigns.rules.campaign import (
    Status,
    can_move,
)
from bot.campaigns.service import audit
from bot.campaigns.service import campaigns as campaign_service
from bot.feedback.rules.satisfaction import tally
from bot.feedback.service.complaints import complaint_facts
from bot.incidents.rules.escalation import IncidentStatus
from bot.incidents.service.incidents import plan_of as emergency_plan_of
from bot.kernel import policy
from bot.kernel.errors import InvalidInput, NotAllowed, UserRef
from bot.pace.service.data import feedback_of, plan_of, rows_of
from bot.plan.rules.emergency_plan import IncidentKind
from bot.plan.service.risks import outcomes
from bot.reminders.service import reschedule_everything
from bot.review.rules import IncidentFact, LessonFact, ReviewInput, TaskFact, build_review
from bot.review.rules.follow_through import FollowThrough
from bot.review.rules.subject import ReviewPackage, ReviewSubject
from bot.review.service.milestones import milestone_facts
from storage.models import Campaign
from storage.repositories import campaigns as repo
from storage.repositories import follow_through as follow_through_repo
from storage.repositories import incidents as incident_repo
from storage.repositories import reports as reports_repo
from storage.repositories import review as review_repo
from storage.repositories import targets as target_repo
from storage.repositories import tasks as task_repo

FINISHED = frozenset({Status.EVALUATING, Status.CLOSED})
_KINDS = frozenset(kind.value for kind in IncidentKind)


def gather_review(*, session: Session, campaign: Campaign, now: datetime) -> ReviewPackage:
    """The review as of `now`: final once the campaign has ended (figures through its end date), else so far
    (figures through today, campaign time)."""
    campaign_id = campaign.pk
    final = campaign.status in FINISHED
    today = now.astimezone(ZoneInfo(campaign.timezone)).date()
    through = campaign.end_date if final else min(today, campaign.end_date)
    reports = reports_repo.reports_of_campaign(session=session, campaign_id=campaign_id, until=through)
    tasks = review_repo.tasks_with_done_time(session=session, campaign_id=campaign_id)
    emergency = emergency_plan_of(campaign)
    incidents = [
        IncidentFact.from_events(
            id=incident.pk, kind=incident.kind, severity=incident.severity, description=incident.description,
            opened_at=incident.created_at, events=events,
            acknowledge_within=emergency.targets_for(IncidentKind(incident.kind)).checked().acknowledge_within
            if incident.kind in _KINDS else None,
        )
        for incident, events in review_repo.incidents_with_events(session=session, campaign_id=campaign_id)
    ]
    lessons = [LessonFact(lesson.author_id, lesson.worked, lesson.fell_short, lesson.next_time, lesson.updated_at)
               for lesson in review_repo.lessons(session=session, campaign_id=campaign_id)]
    review = build_review(ReviewInput(
        plan=plan_of(session, campaign), rows=rows_of(reports), through=through, as_of=now,
        feedback=feedback_of(reports), budget_plan=review_repo.budget_plan(session=session, campaign_id=campaign_id),
        tasks=[TaskFact(task.title, task.owner_id, task.status, task.due_at, done_at) for task, done_at in tasks],
        incidents=incidents, lessons=lessons, final=final,
        goals=target_repo.goals(session=session, campaign_id=campaign_id),
        complaints=complaint_facts(session=session, campaign_id=campaign_id),
        milestones=milestone_facts(session, campaign), today=today,
        source_plan=reports_repo.source_plan(session=session, campaign_id=campaign_id),
    ))
    reporters = tuple(r.user_id for r in reports_repo.reporters(session=session, campaign_id=campaign_id))
    open_incidents, open_tasks = open_work(session=session, campaign_id=campaign_id)
    subject = ReviewSubject(
        campaign_id=campaign_id, name=campaign.name, theme=campaign.theme, objective=campaign.objective,
        status=campaign.status, start=campaign.start_date, end=campaign.end_date, timezone=campaign.timezone,
        owner_id=campaign.owner_id, channel_id=campaign.channel_id,
        task_owners=tuple(sorted({task.owner_id for task, _ in tasks if task.status != "cancelled" and task.owner_id})),
        reporters=reporters, open_incidents=len(open_incidents), open_tasks=open_tasks,
    )
    return ReviewPackage(subject, review, follow_through_of(session, campaign),
                         adjustments=tuple(adjustment_service.facts_of(session=session, campaign=campaign)))


def close_campaign(*, session: Session, campaign_id: int, team_id: str, actor: policy.Actor, now: datetime
                   ) -> Campaign:
    """evaluating → closed; every reminder, prompt and summary of the campaign stops."""
    campaign = campaign_service.team_campaign(session=session, campaign_id=campaign_id, team_id=team_id,
                                              for_update=True)
    if not policy.can_close_campaign(actor, campaign):
        raise NotAllowed("review.close.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    if campaign.status == Status.CLOSED:
        raise InvalidInput("review.close.already", name=campaign.name)
    if not can_move(Status(campaign.status), Status.CLOSED):
        raise InvalidInput("review.close.not_ended", name=campaign.name)
    repo.record_status_change(session=session, campaign_id=campaign_id, from_status=campaign.status,
                              to_status=Status.CLOSED, actor_id=actor.user_id, at=now)
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="campaign",
                 object_id=campaign.id, action="closed", before={"status": campaign.status},
                 after={"status": Status.CLOSED.value})
    campaign.status = Status.CLOSED
    campaign.updated_at = now
    reschedule_everything(session=session, campaign=campaign, now=now)
    return campaign


def open_work(*, session: Session, campaign_id: int) -> tuple[list[int], int]:
    """What is still open in a campaign: (ids of its unresolved incidents, how many of its tasks are open)."""
    incidents = [incident.pk for incident in incident_repo.incidents_of_campaign(session=session,
                                                                                     campaign_id=campaign_id)
                 if incident.status != IncidentStatus.RESOLVED]
    return sorted(incidents), len(task_repo.active_tasks_of_campaign(session=session, campaign_id=campaign_id))


def follow_through_of(session: Session, campaign: Campaign) -> FollowThrough:
    """The review's risks (came true or not) and satisfaction (average and count)."""
    return FollowThrough(risks=outcomes(session, campaign),
                         satisfaction=tally(follow_through_repo.scores(session=session, campaign_id=campaign.pk)))
