"""What a review (复盘) is computed from: plain values the use case gathers. No Slack, no SQL, no clock."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from bot.feedback.rules.complaints import ComplaintFact
from bot.pace.rules.pace import CampaignPlan
from bot.plan.rules.budget_lines import BudgetLine
from bot.plan.rules.source_plan import SourceShare
from bot.plan.rules.targets import Goal, GoalTarget
from bot.reports.rules.figures import DailyRow, Feedback
from bot.review.rules.milestones import MilestoneFact

ACKNOWLEDGED_EVENTS = frozenset({"acknowledged"})
RESOLVED_EVENTS = frozenset({"resolved"})
ESCALATION_EVENTS = frozenset({"owner_paged", "sponsor_paged", "escalated_by_hand"})


@dataclass(frozen=True)
class TaskFact:
    """One task of the division-of-labour table; `done_at` is when it last became done (None otherwise)."""

    title: str
    owner_id: str | None  # None: imported unassigned
    status: str  # bot.tasks.rules.tasks.TaskStatus values
    due_at: datetime
    done_at: datetime | None = None


@dataclass(frozen=True)
class IncidentFact:
    """One incident with the moments its events give (first acknowledgement, resolution, pages)."""

    id: int
    kind: str
    severity: str
    description: str
    opened_at: datetime
    acknowledged_at: datetime | None = None
    resolved_at: datetime | None = None
    escalations: int = 0
    acknowledge_within: timedelta | None = None  # the plan's response target for its kind

    @classmethod
    def from_events(
        cls, *, id: int, kind: str, severity: str, description: str, opened_at: datetime,
        events: Iterable[tuple[str, datetime]], acknowledge_within: timedelta | None = None,
    ) -> IncidentFact:
        """From the incident's event log (kind, at), oldest first. Resolving an unacknowledged incident
        acknowledges it at the same moment, as the bot records it."""
        acknowledged: datetime | None = None
        resolved: datetime | None = None
        escalations = 0
        for event_kind, at in events:
            if event_kind in ACKNOWLEDGED_EVENTS and acknowledged is None:
                acknowledged = at
            elif event_kind in RESOLVED_EVENTS and resolved is None:
                resolved = at
            elif event_kind in ESCALATION_EVENTS:
                escalations += 1
        if resolved is not None and acknowledged is None:
            acknowledged = resolved
        return cls(id=id, kind=kind, severity=severity, description=description, opened_at=opened_at,
                   acknowledged_at=acknowledged, resolved_at=resolved, escalations=escalations,
                   acknowledge_within=acknowledge_within)


@dataclass(frozen=True)
class LessonFact:
    """One person's lessons (经验总结) for the review."""

    author_id: str
    worked: str = ""
    fell_short: str = ""
    next_time: str = ""
    at: datetime | None = None


@dataclass(frozen=True)
class ReviewInput:
    """Everything a review reads. Figures count through `through` (the last day reported on); tasks and
    incidents are judged as of `as_of`. `final` marks the review made at the end, not a review so far."""

    plan: CampaignPlan
    rows: Sequence[DailyRow]
    through: date
    as_of: datetime
    feedback: Sequence[Feedback] = ()
    budget_plan: Mapping[BudgetLine, Decimal] = field(default_factory=dict)
    tasks: Sequence[TaskFact] = ()
    incidents: Sequence[IncidentFact] = ()
    lessons: Sequence[LessonFact] = ()
    final: bool = False
    goals: Mapping[Goal, GoalTarget] = field(default_factory=dict)  # rates, lifts, new members
    complaints: Sequence[ComplaintFact] = ()
    milestones: Sequence[MilestoneFact] = ()
    today: date | None = None  # the day of `as_of` in campaign time; None: `through`
    source_plan: Sequence[SourceShare] = ()  # each source's planned share and budget (bot.plan.rules.source_plan)
