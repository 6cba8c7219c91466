"""What a person's App Home shows: their open tasks, their campaigns with KPI progress, incidents waiting for
them. Reads only; counts what does not fit so the view can say "…and N more"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.blocks.task_blocks import TaskItem
from bot.domain.campaigns import Metric, Status
from bot.domain.emergency_plan import EmergencyPlan
from bot.domain.escalation import SPONSOR_PAGED
from bot.domain.pace import UNKNOWN_STANDING, PaceStanding, standing
from bot.domain.report_figures import EMPTY, Number, ratio
from bot.usecases.report_data import load_reports
from storage import home_repository as repo
from storage import task_repository
from storage.models import Campaign, Incident


@dataclass(frozen=True)
class KpiProgress:
    metric: str
    actual: Number | None
    target: Decimal
    attained: Decimal | None
    standing: PaceStanding = UNKNOWN_STANDING  # the one pace judgement, as the summary and the review show it


@dataclass(frozen=True)
class HomeCampaign:
    id: int
    name: str
    status: str
    start: date
    end: date
    channel_id: str
    owner_id: str
    may_report: bool  # running, and the person is its owner or reporter (or it has no reporters yet)
    progress: tuple[KpiProgress, ...]


@dataclass(frozen=True)
class HomeIncident:
    id: int
    campaign_name: str
    kind: str
    severity: str
    status: str
    description: str
    created_at: datetime
    timezone: str


@dataclass(frozen=True)
class HomeData:
    tasks: tuple[TaskItem, ...]
    task_total: int
    campaigns: tuple[HomeCampaign, ...]
    campaign_total: int
    incidents: tuple[HomeIncident, ...]
    incident_total: int

    @property
    def reportable(self) -> tuple[HomeCampaign, ...]:
        return tuple(campaign for campaign in self.campaigns if campaign.may_report)


@dataclass(frozen=True)
class HomeLimits:
    tasks: int
    campaigns: int
    incidents: int


def gather_home(*, session: Session, team_id: str, user_id: str, limits: HomeLimits,
                now: datetime | None = None) -> HomeData:
    """`now` None leaves KPI progress unjudged (a caller that only needs the reportable campaigns)."""
    rows = task_repository.active_tasks_of_owner(session=session, team_id=team_id, owner_id=user_id,
                                                 limit=limits.tasks)
    tasks = tuple(TaskItem.of(task, campaign) for task, campaign in rows)
    task_total = repo.count_active_tasks_of_owner(session=session, team_id=team_id, owner_id=user_id)
    campaigns, campaign_total = repo.campaigns_of_person(session=session, team_id=team_id, user_id=user_id,
                                                         limit=limits.campaigns)
    ids = [campaign.id or 0 for campaign in campaigns]
    totals = repo.report_totals(session=session, campaign_ids=ids)
    targets = repo.kpi_targets_of(session=session, campaign_ids=ids)
    reporting = repo.reporting_campaign_ids(session=session, user_id=user_id, campaign_ids=ids)
    with_reporters = repo.campaigns_with_reporters(session=session, campaign_ids=ids)
    home_campaigns = []
    for campaign in campaigns:
        campaign_id = campaign.id or 0
        figures = totals.get(campaign_id, EMPTY)
        judged = _standings(session, campaign, now) if now is not None and targets[campaign_id] else {}
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
            may_report=may_report, progress=progress,
        ))
    incident_rows = [(incident, campaign) for incident, campaign in repo.incidents_for(
        session=session, team_id=team_id, user_id=user_id, paged_from_step=SPONSOR_PAGED)
        if _acts_on(user_id, incident, campaign)]
    incident_total = len(incident_rows)
    incidents = tuple(
        HomeIncident(id=incident.id or 0, campaign_name=campaign.name, kind=incident.kind, severity=incident.severity,
                     status=incident.status, description=incident.description, created_at=incident.created_at,
                     timezone=campaign.timezone)
        for incident, campaign in incident_rows[:limits.incidents]
    )
    return HomeData(tasks=tasks, task_total=task_total, campaigns=tuple(home_campaigns),
                    campaign_total=campaign_total, incidents=incidents, incident_total=incident_total)


def _standings(session: Session, campaign: Campaign, now: datetime) -> dict[str, PaceStanding]:
    """Each KPI judged as the summary and the review judge it: against the pace as of today (today counting once
    its sources are in), against the whole target once the campaign has ended."""
    reports = load_reports(session, campaign)
    today = now.astimezone(ZoneInfo(campaign.timezone)).date()
    final = campaign.status in (Status.EVALUATING, Status.CLOSED)
    day = campaign.end_date if final else min(today, campaign.end_date)
    return {metric.value: standing(reports.plan, reports.book, metric.value, day, today=today, final=final)
            for metric in reports.plan.targets}


def _acts_on(user_id: str, incident: Incident, campaign: Campaign) -> bool:
    """The responder and the owner act on an incident from the start; the executive sponsor once it is paged to them."""
    if user_id in (incident.responder_id, campaign.owner_id):
        return True
    return incident.step >= SPONSOR_PAGED and EmergencyPlan.load(campaign.emergency_plan).sponsor_id == user_id
