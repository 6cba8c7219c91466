"""What a person's App Home shows, as the block builders take it: open tasks, campaigns with KPI progress,
incidents waiting for them, and how many of each fit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from bot.pace.rules.pace import UNKNOWN_STANDING, PaceStanding
from bot.pace.rules.target_rates import GoalResult
from bot.reports.rules.figures import Number
from bot.tasks.rules.item import TaskItem


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
    goals: tuple[GoalResult, ...] = ()  # rates, lifts and new members, judged as the summary judges them
    readiness: tuple[int, int] | None = None  # the checklist's (done, items); None: no checklist


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
