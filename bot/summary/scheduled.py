"""The daily summary (default 21:00 campaign time) in the campaign channel, with the pace chart; the owner hears
who has not reported; then the anomaly check against the pace. The daily summaries pass claims the campaigns due
(`claim_due`) and hands each batch to one `Summaries`."""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.adjustments import service as adjustment_service
from bot.adjustments.rules import SourceStandings, adjusted_subjects
from bot.campaigns.rules.campaign import Metric, Status
from bot.campaigns.rules.reminders import due_stages, summary_stages
from bot.campaigns.service.scheduling import settings_of
from bot.kernel import formatting
from bot.kernel.batches import RowsFailed, in_batches
from bot.kernel.blockkit.text import escape, mention
from bot.kernel.chart_pool import Drawing
from bot.kernel.i18n import DEFAULT_LANGUAGE, t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.language.service import channel_locale
from bot.pace.rules.sources import evening_overruns, kpi_standings, source_standings
from bot.pace.rules.target_rates import judge_goals
from bot.pace.service.anomalies import act_on_anomalies
from bot.pace.service.data import CampaignReports, load_reports
from bot.plan.rules.emergency_plan import EmergencyPlan, IncidentKind
from bot.summary.blocks.message import summary_blocks
from bot.summary.blocks.sources import source_blocks
from bot.summary.render.labels import ChartLabels, Label
from bot.summary.rules import compute_summary, kpi_series
from storage.models import Campaign
from storage.repositories import campaigns as repo
from storage.repositories import reports as reports_repo
from storage.repositories import review as review_repo


@dataclass(frozen=True)
class PendingChart:
    """A chart being drawn in a worker process, and the outbox row it becomes."""

    png: Future[bytes]
    key: str
    channel: str
    campaign_id: int | None
    comment: str
    filename: str

    def enqueue(self, session: Session, now: datetime) -> int:
        return int(outbox.enqueue(session, key=self.key, kind="daily_chart", channel=self.channel, now=now,
                                  text=self.comment, campaign_id=self.campaign_id, attachment=self.png.result(),
                                  attachment_name=self.filename))


def claim_due(session: Session, now: datetime, limit: int) -> Sequence[Campaign]:
    """Campaigns with a summary due, locked (`FOR UPDATE SKIP LOCKED`)."""
    return repo.campaigns_due_for_summary(session=session, now=now, limit=limit)


def readers(session: Session, campaign: Campaign) -> list[str]:
    """The summary and the missing-reports note speak the owner's language; an anomaly's incident may also tell
    the traffic responder and the sponsor."""
    plan = EmergencyPlan.load(campaign.emergency_plan)
    return [campaign.owner_id, plan.responder_for(IncidentKind.TRAFFIC, campaign.owner_id), plan.sponsor_id or ""]


class Summaries:
    """One pass's summaries. A batch's charts are drawn in parallel, off this process (bot.kernel.chart_pool), and
    join their summaries' transaction before it commits (`finish`): summary and chart are decided together, once."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.charts: list[PendingChart] = []

    def advance(self, services: Services, session: Session, campaign: Campaign, now: datetime) -> int:
        drawing = len(self.charts)
        try:
            return _advance(services, session, campaign, now, self.charts)
        except Exception:
            del self.charts[drawing:]  # the campaign's work is rolled back (bot.kernel.batches): its chart too
            raise

    def finish(self, session: Session) -> int:
        """Each chart joins its summary; a chart that could not be drawn fails its campaign alone (RowsFailed):
        that campaign is held back and tried again later, the batch is done again without it."""
        charts, self.charts = self.charts, []
        failures: dict[int, BaseException] = {}
        for chart in charts:
            try:
                chart.png.result()
            except Exception as error:
                failures[chart.campaign_id or 0] = error
        if failures:
            raise RowsFailed(failures)
        return sum(chart.enqueue(session, self.now) for chart in charts)


def _advance(services: Services, session: Session, campaign: Campaign, now: datetime,
             charts: list[PendingChart]) -> int:
    if campaign.next_summary_at is None:
        return 0
    settings = settings_of(campaign)
    stages = summary_stages(campaign.pk, campaign.start_date, campaign.end_date, ZoneInfo(campaign.timezone),
                            settings)
    due, following = due_stages(stages, campaign.next_summary_at - timedelta(microseconds=1), now)
    campaign.next_summary_at = following.fire_at if following else None
    enqueued = 0
    for stage in due:
        assert stage.on is not None
        if campaign.status != Status.RUNNING:
            continue
        late = now - stage.fire_at > settings.grace
        if late:
            outbox.enqueue(session, key=stage.key, kind="daily_summary", channel=campaign.channel_id, now=now,
                           text="", campaign_id=campaign.id, skipped=True)
            continue
        enqueued += summarise(services, session, campaign, stage.on, now, key=stage.key, charts=charts)
    return enqueued


def summarise(services: Services, session: Session, campaign: Campaign, day: date, now: datetime, *, key: str,
              charts: list[PendingChart]) -> int:
    """Enqueue the day's summary, missing-reporter note and anomalies; the chart joins `charts`."""
    locale = channel_locale(services, campaign)
    reports = load_reports(session, campaign, through=day)
    summary = compute_summary(reports.plan, reports.book, day, feedback=reports.feedback)
    reported_sources = {line.source for line in summary.sources if line.reported_today}
    adjusted = adjusted_subjects(adjustment_service.facts_of(session=session, campaign=campaign, before=now))
    by_source, source_kpis = _by_source(session, campaign, reports, day, locale)
    missing_sources = [name for name in reports.plan.sources if name not in reported_sources]
    blocks = summary_blocks(summary, campaign_name=campaign.name, missing_sources=missing_sources, locale=locale,
                            goals=judge_goals(reports.goals, reports.plan, reports.book, day, today=day),
                            adjustments=adjusted, by_source=by_source, source_kpis=source_kpis)
    text = t("summary.fallback", locale, name=escape(campaign.name), day=formatting.day(day, locale))
    added = int(outbox.enqueue(session, key=key, kind="daily_summary", channel=campaign.channel_id, text=text,
                               blocks=blocks, now=now, campaign_id=campaign.id))
    series = kpi_series(reports.plan, reports.book, day) if summary.has_figures else []
    if series:
        charts.append(PendingChart(
            png=services.charts.submit(PACE_CHART, list(series), _chart_labels(campaign, locale), locale),
            key=f"{key}:chart",
            channel=campaign.channel_id, campaign_id=campaign.id, filename=f"pace-{day.isoformat()}.png",
            comment=t("summary.chart.comment", locale, day=formatting.day(day, locale)),
        ))
    reporters = {reporter.user_id for reporter in reports_repo.reporters(session=session, campaign_id=campaign.pk)}
    missing = sorted(reporters - reports_repo.reported_on(session=session, campaign_id=campaign.pk, day=day))
    if missing:
        added += outbox.enqueue(
            session, key=f"{key}:missing", kind="missing_reports", channel=campaign.owner_id, now=now,
            campaign_id=campaign.id, text=t("summary.missing_reporters", locale, name=escape(campaign.name),
                                            day=formatting.day(day, locale),
                                            reporters=", ".join(mention(user) for user in missing)),
        )
    act_on_anomalies(session=session, campaign=campaign, reports=reports, day=day, now=now,
                     locale_for=services.locale_for)
    return added


def _by_source(session: Session, campaign: Campaign, reports: CampaignReports, day: date, locale: str
               ) -> tuple[list[Block], SourceStandings]:
    """Each planned source against its share of the pace and its budget, and what went over its budget tonight;
    with each source's KPI standings, which also judge the adjustments made for one source."""
    standings = source_standings(reports.plan, reports.book, reports.source_plan, day, today=day)
    overruns = evening_overruns(reports.rows, day, sources=reports.source_plan,
                                line_plan=review_repo.budget_plan(session=session, campaign_id=campaign.pk))
    return source_blocks(standings, overruns, locale), kpi_standings(standings)


def _chart_labels(campaign: Campaign, locale: str) -> ChartLabels:
    def label(key: str, **params: object) -> Label:
        return Label(t(key, locale, **params), t(key, DEFAULT_LANGUAGE, **params))

    return ChartLabels(
        actual=label("summary.chart.actual"), pace=label("summary.chart.pace"),
        kpis={metric.value: label(f"reports.field.{metric.value}") for metric in Metric},
        title=label("summary.chart.title", name=campaign.name),
        today=label("summary.chart.today"), behind=label("summary.chart.behind"),
    )


# Named, not imported: matplotlib loads in the chart workers only (bot.kernel.chart_pool).
PACE_CHART = Drawing("bot.summary.render.pace", "draw_pace_chart")
CHART_WARM_UP = Drawing("bot.summary.render.pace", "warm_up")

BATCH = 20  # a summary is real work (a chart): small batches keep each transaction short


def run(services: Services, now: datetime) -> int:
    summaries = Summaries(now)
    return in_batches(services, now, name="daily_summaries", batch=BATCH, fetch=claim_due,
                      advance=summaries.advance, readers=readers, finish=summaries.finish)
