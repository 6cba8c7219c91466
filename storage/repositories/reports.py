"""Queries for reporters, sources and daily reports. None of them commits."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import delete, select
from sqlmodel import Session

from bot.plan.rules.source_plan import SourceShare
from storage.models import CampaignReporter, DailyReport, DailyReportRevision, ReportSource

DEFAULT_SOURCE = "All"


def sources(*, session: Session, campaign_id: int) -> list[str]:
    names = session.scalars(
        select(ReportSource.name).where(ReportSource.campaign_id == campaign_id)
        .order_by(ReportSource.position, ReportSource.id)
    ).all()
    return list(names) or [DEFAULT_SOURCE]


def source_plan(*, session: Session, campaign_id: int) -> list[SourceShare]:
    """The campaign's own sources with their plans, in its order ([] for a campaign reporting as "All")."""
    rows = session.scalars(
        select(ReportSource).where(ReportSource.campaign_id == campaign_id)
        .order_by(ReportSource.position, ReportSource.id)
    ).all()
    return [SourceShare(row.name, None if row.share_pct is None else row.share_pct / 100, row.budget) for row in rows]


def replace_sources(*, session: Session, campaign_id: int, names: Sequence[str | SourceShare]) -> None:
    session.execute(delete(ReportSource).where(ReportSource.campaign_id == campaign_id))
    for position, item in enumerate(names):
        source = item if isinstance(item, SourceShare) else SourceShare(item)
        session.add(ReportSource(campaign_id=campaign_id, name=source.name, position=position,
                                 share_pct=None if source.share is None else source.share * 100,
                                 budget=source.budget))


def reporters(*, session: Session, campaign_id: int) -> Sequence[CampaignReporter]:
    return session.scalars(
        select(CampaignReporter).where(CampaignReporter.campaign_id == campaign_id).order_by(CampaignReporter.id)
    ).all()


def reporters_due(*, session: Session, now: datetime, limit: int) -> Sequence[CampaignReporter]:
    return session.scalars(
        select(CampaignReporter).where(CampaignReporter.next_prompt_at <= now)
        .order_by(CampaignReporter.next_prompt_at, CampaignReporter.id).limit(limit)
        .with_for_update(skip_locked=True)
    ).all()


def find_report(*, session: Session, campaign_id: int, day: date, source: str, reporter_id: str,
                for_update: bool = False) -> DailyReport | None:
    statement = select(DailyReport).where(
        DailyReport.campaign_id == campaign_id, DailyReport.day == day, DailyReport.source == source,
        DailyReport.reporter_id == reporter_id,
    )
    if for_update:
        statement = statement.with_for_update()
    return session.scalars(statement).first()


def last_report_by(*, session: Session, campaign_id: int, reporter_id: str) -> DailyReport | None:
    """The report this person saved last in the campaign (the latest change, whatever its day)."""
    return session.scalars(
        select(DailyReport).where(DailyReport.campaign_id == campaign_id, DailyReport.reporter_id == reporter_id)
        .order_by(DailyReport.updated_at.desc(), DailyReport.id.desc())  # type: ignore[union-attr]
        .limit(1)
    ).first()


def reported_on(*, session: Session, campaign_id: int, day: date) -> set[str]:
    """Who has reported anything for that day."""
    return set(session.scalars(
        select(DailyReport.reporter_id).where(DailyReport.campaign_id == campaign_id, DailyReport.day == day)
    ).all())


def has_reported(*, session: Session, campaign_id: int, day: date, reporter_id: str) -> bool:
    return session.scalars(
        select(DailyReport.id).where(DailyReport.campaign_id == campaign_id, DailyReport.day == day,
                                     DailyReport.reporter_id == reporter_id).limit(1)
    ).first() is not None


def sources_reported(*, session: Session, campaign_id: int, reporter_id: str, day: date | None = None,
                     before: date | None = None) -> set[str]:
    """The sources `reporter_id` has reported for `day`, or on any day before `before`."""
    statement = select(DailyReport.source).where(DailyReport.campaign_id == campaign_id,
                                                 DailyReport.reporter_id == reporter_id)
    if day is not None:
        statement = statement.where(DailyReport.day == day)
    if before is not None:
        statement = statement.where(DailyReport.day < before)
    return set(session.scalars(statement.distinct()).all())


def reports_of_campaign(*, session: Session, campaign_id: int, until: date | None = None) -> Sequence[DailyReport]:
    statement = select(DailyReport).where(DailyReport.campaign_id == campaign_id)
    if until is not None:
        statement = statement.where(DailyReport.day <= until)
    return session.scalars(statement.order_by(DailyReport.day, DailyReport.source, DailyReport.id)).all()


def add_revision(*, session: Session, report_id: int, figures: str, changed_by: str, at: datetime) -> None:
    session.add(DailyReportRevision(report_id=report_id, figures=figures, changed_by=changed_by, at=at))


def revisions(*, session: Session, report_id: int) -> Sequence[DailyReportRevision]:
    return session.scalars(
        select(DailyReportRevision).where(DailyReportRevision.report_id == report_id).order_by(DailyReportRevision.id)
    ).all()
