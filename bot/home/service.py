"""What a person's App Home shows: their open tasks, their campaigns with KPI progress, incidents waiting for
them. Reads only; counts what does not fit so the view can say "…and N more". `publish_home` shows it."""

from __future__ import annotations

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.campaigns.rules.campaign import Metric, Status
from bot.home.blocks import LIMITS, home_view
from bot.home.rules import HomeCampaign, HomeData, HomeIncident, HomeLimits, KpiProgress
from bot.incidents.rules.escalation import SPONSOR_PAGED
from bot.kernel.services import Services
from bot.pace.rules.pace import UNKNOWN_STANDING, PaceStanding, standing
from bot.pace.rules.target_rates import GoalResult, judge_goals
from bot.pace.service.data import load_reports
from bot.plan.rules.emergency_plan import EmergencyPlan
from bot.reports.rules.figures import EMPTY, ratio
from bot.tasks.rules.item import TaskItem
from storage.models import Campaign, Incident
from storage.repositories import home as repo
from storage.repositories import readiness as readiness_repository
from storage.repositories import targets as target_repo
from storage.repositories import tasks as task_repository

log = logging.getLogger(__name__)
# Enough to offer every campaign someone reports for in the Submit report picker (Slack allows 100 options).
REPORTABLE = HomeLimits(tasks=0, campaigns=100, incidents=0)


def publish_home(services: Services, *, user_id: str, team_id: str) -> None:
    """Gather, then publish (views.publish) after the transaction; the locale lookup waits for it too."""
    now = services.clock.now()
    with services.unit_of_work() as session:
        data = gather_home(session=session, team_id=team_id, user_id=user_id, limits=LIMITS, now=now)
    services.slack.publish_home(user_id, home_view(data, services.locale_for(user_id), now))


def refresh_home(services: Services, *, user_id: str, team_id: str) -> None:
    """After a click on the Home tab, show its new state there (best effort: the change is saved already)."""
    try:
        publish_home(services, user_id=user_id, team_id=team_id)
    except SlackApiError as error:
        log.warning("could not refresh the home tab of %s: %s", user_id, error.response.get("error"))


def reportable(services: Services, *, user_id: str, team_id: str) -> tuple[HomeCampaign, ...]:
    """The campaigns the person may submit a report for now (the Home tab's Submit report)."""
    with services.unit_of_work() as session:
        return gather_home(session=session, team_id=team_id, user_id=user_id, limits=REPORTABLE).reportable


def gather_home(*, session: Session, team_id: str, user_id: str, limits: HomeLimits,
                now: datetime | None = None) -> HomeData:
    """`now` None leaves KPI progress unjudged (a caller that only needs the reportable campaigns)."""
    rows = task_repository.active_tasks_of_owner(session=session, team_id=team_id, owner_id=user_id,
                                                 limit=limits.tasks)
    tasks = tuple(TaskItem.of(task, campaign) for task, campaign in rows)
    task_total = repo.count_active_tasks_of_owner(session=session, team_id=team_id, owner_id=user_id)
    campaigns, campaign_total = repo.campaigns_of_person(session=session, team_id=team_id, user_id=user_id,
                                                         limit=limits.campaigns)
    ids = [campaign.pk for campaign in campaigns]
    totals = repo.report_totals(session=session, campaign_ids=ids)
    targets = repo.kpi_targets_of(session=session, campaign_ids=ids)
    goals = target_repo.goals_of(session=session, campaign_ids=ids)
    reporting = repo.reporting_campaign_ids(session=session, user_id=user_id, campaign_ids=ids)
    with_reporters = repo.campaigns_with_reporters(session=session, campaign_ids=ids)
    ready = readiness_repository.readiness_of(session=session, campaign_ids=ids)
    home_campaigns = []
    for campaign in campaigns:
        campaign_id = campaign.pk
        figures = totals.get(campaign_id, EMPTY)
        judged, goal_results = _standings(session, campaign, now) if now is not None and (
            targets[campaign_id] or goals[campaign_id]) else ({}, ())
        progress = tuple(
            KpiProgress(metric.value, figures.value(metric), target, ratio(figures.value(metric), target),
                        judged.get(metric.value, UNKNOWN_STANDING))
            for metric in Metric if (target := targets[campaign_id].get(metric)) is not None
        )
        may_report = campaign.status == Status.RUNNING and (
            campaign.owner_id == user_id or campaign_id in reporting or campaign_id not in with_reporters)
        home_campaigns.append(HomeCampaign(
            id=campaign_id, name=campaign.name, status=campaign.status, start=campaign.start_date,
            end=campaign.end_date, channel_id=campaign.channel_id, owner_id=campaign.owner_id,
            may_report=may_report, progress=progress, goals=goal_results, readiness=ready.get(campaign_id),
        ))
    incident_rows = [(incident, campaign) for incident, campaign in repo.incidents_for(
        session=session, team_id=team_id, user_id=user_id, paged_from_step=SPONSOR_PAGED)
        if _acts_on(user_id, incident, campaign)]
    incident_total = len(incident_rows)
    incidents = tuple(
        HomeIncident(id=incident.pk, campaign_name=campaign.name, kind=incident.kind, severity=incident.severity,
                     status=incident.status, description=incident.description, created_at=incident.created_at,
                     timezone=campaign.timezone)
        for incident, campaign in incident_rows[:limits.incidents]
    )
    return HomeData(tasks=tasks, task_total=task_total, campaigns=tuple(home_campaigns),
                    campaign_total=campaign_total, incidents=incidents, incident_total=incident_total)


def _standings(session: Session, campaign: Campaign, now: datetime
               ) -> tuple[dict[str, PaceStanding], tuple[GoalResult, ...]]:
    """Each KPI judged as the summary and the review judge it: against the pace as of today (today counting once
    its sources are in), against the whole target once the campaign has ended; its rates and lifts likewise."""
    reports = load_reports(session, campaign)
    today = now.astimezone(ZoneInfo(campaign.timezone)).date()
    final = campaign.status in (Status.EVALUATING, Status.CLOSED)
    day = campaign.end_date if final else min(today, campaign.end_date)
    return ({metric.value: standing(reports.plan, reports.book, metric.value, day, today=today, final=final)
             for metric in reports.plan.targets},
            judge_goals(reports.goals, reports.plan, reports.book, day, today=today, final=final))


def _acts_on(user_id: str, incident: Incident, campaign: Campaign) -> bool:
    """The responder and the owner act on an incident from the start; the executive sponsor once it is paged to them."""
    if user_id in (incident.responder_id, campaign.owner_id):
        return True
    # The sponsor of the plan the incident was opened under: the one it is paged to.
    return incident.step >= SPONSOR_PAGED and EmergencyPlan.load(incident.emergency_plan).sponsor_id == user_id
