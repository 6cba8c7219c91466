"""Use cases of the daily report: who reports from where, and saving a report (an edit keeps the old figures)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from bot.campaigns.service import audit
from bot.campaigns.service.campaigns import live_campaign
from bot.campaigns.service.scheduling import schedule_reporter
from bot.kernel import policy
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.forms import FieldError, FormRejected
from bot.plan.rules.source_plan import SourceShare, check_sources, source_line
from bot.plan.rules.targets import needed_figures
from bot.reports.blocks import blank_report, saved_report
from bot.reports.rules.form import FIGURE_FIELDS, ReportDraft, ReportForm
from storage.models import Campaign, CampaignReporter, DailyReport
from storage.repositories import reports as repo
from storage.repositories import targets as target_repo

SOURCE_MAX = 80
SOURCES_MAX = 20
REPORTERS_MAX = 50


@dataclass(frozen=True)
class ReportContext:
    campaign: Campaign
    sources: list[str]
    reporter_ids: set[str]
    # The optional figures the campaign's targets need (bot.plan.rules.targets.needed_figures); the modal asks these.
    extra_figures: tuple[str, ...] = ()


def report_context(*, session: Session, campaign_id: int, team_id: str | None) -> ReportContext:
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=team_id)
    reporter_ids = {reporter.user_id for reporter in repo.reporters(session=session, campaign_id=campaign_id)}
    return ReportContext(campaign=campaign, sources=repo.sources(session=session, campaign_id=campaign_id),
                         reporter_ids=reporter_ids,
                         extra_figures=needed_figures(target_repo.goals(session=session, campaign_id=campaign_id)))


def check_may_report(actor: policy.Actor, context: ReportContext) -> None:
    if not policy.can_submit_report(actor, context.campaign, context.reporter_ids):
        raise NotAllowed("reports.not_allowed", owner=UserRef(context.campaign.owner_id),
                         name=context.campaign.name)


def save_report(
    *, session: Session, campaign_id: int, draft: ReportDraft, actor: policy.Actor, now: datetime
) -> tuple[DailyReport, bool]:
    """Create or update one reporter's report for a day and source; True when it was new."""
    context = report_context(session=session, campaign_id=campaign_id, team_id=actor.team_id)
    check_may_report(actor, context)
    report = repo.find_report(session=session, campaign_id=campaign_id, day=draft.day, source=draft.source,
                              reporter_id=actor.user_id, for_update=True)
    values = {**draft.figures(), "feedback": draft.feedback,
              "feedback_type": draft.feedback_type.value if draft.feedback_type else None,
              "budget_line": draft.budget_line.value if draft.budget_line else None}
    if report is None:
        report = DailyReport(campaign_id=campaign_id, day=draft.day, source=draft.source, reporter_id=actor.user_id,
                             created_at=now, updated_at=now, **values)  # type: ignore[arg-type]
        session.add(report)
        session.flush()
        audit.record(session, campaign=context.campaign, actor_id=actor.user_id, at=now, object_type="report",
                     object_id=report.id, action="created",
                     after={"day": draft.day, "source": draft.source, **_shown(figures_of(report))})
        return report, True
    before = figures_of(report)
    old, new = audit.changes(_shown(before), _shown(values))
    if new:
        audit.record(session, campaign=context.campaign, actor_id=actor.user_id, at=now, object_type="report",
                     object_id=report.id, action="updated", before={"day": draft.day, "source": draft.source, **old},
                     after=new)
    if before != {name: values[name] for name in before}:
        repo.add_revision(session=session, report_id=report.pk, figures=json.dumps(before, default=str),
                          changed_by=actor.user_id, at=now)
    for name, value in values.items():
        setattr(report, name, value)
    report.updated_at = now
    return report, False


def starting_form(*, session: Session, campaign_id: int, reporter_id: str, day: date,
                  sources: list[str]) -> ReportForm:
    """Where a reporter's modal starts: on the source they reported last (while the campaign still has it), with
    the figures they already saved for that day and source, else blank."""
    last = repo.last_report_by(session=session, campaign_id=campaign_id, reporter_id=reporter_id)
    source = last.source if last is not None and last.source in sources else sources[0]
    saved = repo.find_report(session=session, campaign_id=campaign_id, day=day, source=source,
                             reporter_id=reporter_id)
    return blank_report(day, source) if saved is None else saved_report(day, source, figures_of(saved))


def _shown(figures: dict[str, object]) -> dict[str, object]:
    """The figures worth a history line (feedback text is in the report itself)."""
    return {name: value for name, value in figures.items() if name in FIGURE_FIELDS}


def figures_of(report: DailyReport) -> dict[str, object]:
    return {**{name: getattr(report, name) for name in FIGURE_FIELDS}, "feedback": report.feedback,
            "feedback_type": report.feedback_type, "budget_line": report.budget_line}


def set_reporting(
    *, session: Session, campaign_id: int, reporter_ids: Sequence[str], sources: Sequence[str],
    zones: dict[str, str], actor: policy.Actor, now: datetime,
) -> Campaign:
    """Replace the campaign's reporters and sources; new reporters get their prompts scheduled."""
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id, for_update=True)
    if not policy.can_manage_reporting(actor, campaign):
        raise NotAllowed("reports.setup.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    plan = _check_sources(sources, campaign_budget=campaign.budget)
    if len(reporter_ids) > REPORTERS_MAX:
        raise FormRejected([FieldError("reporters", "reports.error.too_many_reporters", {"limit": REPORTERS_MAX})])
    existing = {reporter.user_id: reporter for reporter in repo.reporters(session=session, campaign_id=campaign_id)}
    before = {"reporters": sorted(existing), "sources": [source_line(source) for source in repo.source_plan(
        session=session, campaign_id=campaign_id)] or [repo.DEFAULT_SOURCE]}
    after = {"reporters": sorted(set(reporter_ids)), "sources": [source_line(source) for source in plan]
             or [repo.DEFAULT_SOURCE]}
    old, new = audit.changes(before, after)
    if new:
        audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="reporting",
                     object_id=campaign.id, action="changed", before=old, after=new)
    for user_id, reporter in existing.items():
        if user_id not in reporter_ids:
            session.delete(reporter)
    for user_id in dict.fromkeys(reporter_ids):
        reporter = existing.get(user_id)
        if reporter is None:
            reporter = CampaignReporter(campaign_id=campaign_id, user_id=user_id)
            session.add(reporter)
        reporter.tz = zones.get(user_id, reporter.tz)
        schedule_reporter(reporter, campaign, now)
    repo.replace_sources(session=session, campaign_id=campaign_id, names=plan)
    return campaign


def _check_sources(sources: Sequence[str], *, campaign_budget: Decimal) -> list[SourceShare]:
    """The box's entries as sources with their plans (`bot.plan.rules.source_plan`); a name given twice counts once."""
    plan, errors = check_sources([" ".join(text.split()) for text in sources if text.strip()],
                                 campaign_budget=campaign_budget)
    if errors:
        raise FormRejected(errors)
    unique = list({source.name: source for source in reversed(plan)}.values())[::-1]
    if len(unique) > SOURCES_MAX:
        raise FormRejected([FieldError("sources", "reports.error.too_many_sources", {"limit": SOURCES_MAX})])
    if any(len(source.name) > SOURCE_MAX for source in unique):
        raise FormRejected([FieldError("sources", "form.error.too_long", {"limit": SOURCE_MAX})])
    return unique
