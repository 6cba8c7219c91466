"""A campaign's stored reports as the daily-report domain reads them: its plan, the rows, the feedback."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from bot.campaigns.rules.campaign import contingency_amount
from bot.campaigns.service.scheduling import campaign_dates
from bot.pace.rules.anomalies import AnomalySettings
from bot.pace.rules.pace import CampaignPlan, PhaseWeights
from bot.plan.rules.budget_lines import BudgetLine
from bot.plan.rules.source_plan import SourceShare
from bot.plan.rules.targets import Goal, GoalTarget
from bot.reports.rules.figures import DailyRow, Feedback, FeedbackKind, Figures, ReportBook
from storage.models import Campaign, DailyReport
from storage.repositories import campaigns as repo
from storage.repositories import reports as reports_repo
from storage.repositories import targets as target_repo


@dataclass(frozen=True)
class CampaignReports:
    plan: CampaignPlan
    book: ReportBook
    feedback: tuple[Feedback, ...]
    goals: Mapping[Goal, GoalTarget] = field(default_factory=dict)  # rate, lift and extra-total targets
    source_plan: tuple[SourceShare, ...] = ()  # the campaign's sources with their plans (bot.plan.rules.source_plan)
    rows: tuple[DailyRow, ...] = ()  # what the book was made of, budget lines included


def plan_of(session: Session, campaign: Campaign) -> CampaignPlan:
    return CampaignPlan(
        dates=campaign_dates(campaign), targets=repo.kpi_targets(session=session, campaign_id=campaign.pk),
        budget=campaign.budget, contingency=contingency_amount(campaign.budget, campaign.contingency_pct),
        weights=PhaseWeights.load(campaign.pace_weights),
        # The pace judgement's band is the campaign's own deviation threshold, so colours and alarms agree.
        tolerance=AnomalySettings.load(campaign.anomaly_settings).threshold,
        sources=tuple(reports_repo.sources(session=session, campaign_id=campaign.pk)),
    )


def load_reports(session: Session, campaign: Campaign, *, through: date | None = None) -> CampaignReports:
    reports = reports_repo.reports_of_campaign(session=session, campaign_id=campaign.pk, until=through)
    rows = tuple(rows_of(reports))
    return CampaignReports(plan=plan_of(session, campaign), book=ReportBook(rows), feedback=tuple(feedback_of(reports)),
                           goals=target_repo.goals(session=session, campaign_id=campaign.pk), rows=rows,
                           source_plan=tuple(reports_repo.source_plan(session=session, campaign_id=campaign.pk)))


def rows_of(reports: Sequence[DailyReport]) -> list[DailyRow]:
    """One row per stored report; several reporters of one day and source add up in the book."""
    return [
        DailyRow(day=report.day, source=report.source, figures=Figures(
            exposure=report.exposure, clicks=report.clicks, participants=report.participants,
            conversions=report.conversions, new_members=report.new_members, sales=report.sales, spend=report.spend,
            new_customers=report.new_customers, brand_searches=report.brand_searches,
            repeat_buyers=report.repeat_buyers,
        ), budget_line=_line(report.budget_line))
        for report in reports
    ]


def _line(value: str | None) -> BudgetLine | None:
    """The stored line; NULL (and anything this version does not know) counts as channel promotion later on."""
    return BudgetLine(value) if value in _LINES else None


_LINES = frozenset(line.value for line in BudgetLine)


def feedback_of(reports: Sequence[DailyReport]) -> list[Feedback]:
    return [
        Feedback(day=report.day, source=report.source, kind=FeedbackKind(report.feedback_type), text=report.feedback,
                 seq=report.pk)
        for report in reports if report.feedback and report.feedback_type
    ]
