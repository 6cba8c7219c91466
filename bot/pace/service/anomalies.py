"""Compare a campaign's reports with its pace and act: one incident through the emergency plan for traffic that
falls behind (every KPI of the day listed in it, the lagging source named), a notice for money. While that
incident is open, a later check (the same day or the next) updates it, never opens another."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.incidents.service.incidents import announce_incident, open_incident
from bot.kernel import formatting
from bot.kernel.blockkit.text import escape
from bot.kernel.i18n import t
from bot.kernel.slack import outbox
from bot.pace.rules.anomalies import Anomaly, AnomalyKind, AnomalySettings, Scope, detect_anomalies
from bot.pace.rules.anomaly_day import TrafficDay, traffic_day
from bot.pace.rules.pace import judged_through
from bot.pace.rules.sources import SourceBehind, source_standings, sources_behind, with_sources_behind
from bot.pace.rules.subjects import dump_subjects, subjects_of_traffic
from bot.pace.service.data import CampaignReports
from bot.plan.rules.emergency_plan import BOT_REPORTER, IncidentKind
from bot.plan.rules.source_plan import has_plan
from storage.models import Campaign

MONEY = frozenset({"sales", "spend"})
INCIDENT_KEY_PREFIX = "anomaly:"


def settings_of(campaign: Campaign) -> AnomalySettings:
    return AnomalySettings.load(campaign.anomaly_settings)


def describe(anomaly: Anomaly, campaign: Campaign, locale: str | None) -> str:
    def shown(value: object, *, whole: bool = False) -> str:
        if anomaly.metric in MONEY:
            return formatting.money(value, locale, whole=whole)  # type: ignore[arg-type]
        return formatting.number(value, locale, whole=whole)  # type: ignore[arg-type]

    key = f"pace.anomaly.{anomaly.kind.value}"
    if anomaly.kind == AnomalyKind.BELOW_PACE and anomaly.scope == Scope.DAILY:
        key += ".daily"
    text = t(key, locale, metric=t(f"reports.field.{anomaly.metric}", locale), name=escape(campaign.name),
             gap=formatting.percent(anomaly.figures.gap, locale), actual=shown(anomaly.figures.actual),
             reference=shown(anomaly.figures.reference, whole=True), day=formatting.day(anomaly.day, locale))
    if anomaly.lagging_source:
        # For money the "lagging" source is the one spending most.
        hint = "pace.anomaly.top_spender" if anomaly.incident_kind is None else "pace.anomaly.lagging"
        text += t(hint, locale, source=escape(anomaly.lagging_source))
    return text


def act_on_anomalies(
    *, session: Session, campaign: Campaign, reports: CampaignReports, day: date, now: datetime,
    locale_for: Callable[[str], str | None],
) -> list[Anomaly]:
    """Detect the anomalies as of the end of `day` and open, update or announce what they call for.

    A day still in progress is judged only once all its sources are in; until then the day before is."""
    today = now.astimezone(ZoneInfo(campaign.timezone)).date()
    behind = _sources_behind(campaign, reports, day, today)
    day = judged_through(reports.plan, reports.book, day, today)
    if day < reports.plan.dates.start:
        return []
    anomalies = detect_anomalies(reports.plan, reports.book, day, settings_of(campaign))
    locale = campaign.language or locale_for(campaign.owner_id)  # the campaign's language, else its owner's
    for anomaly in anomalies:
        if anomaly.incident_kind is None:
            # Money has no emergency-plan kind: one notice in the channel per campaign and kind of overrun.
            outbox.enqueue(session, key=f"anomaly:{campaign.id}:{anomaly.dedupe_key}", kind="anomaly_notice",
                           channel=campaign.channel_id, text=describe(anomaly, campaign, locale), now=now,
                           campaign_id=campaign.id)
    traffic = with_sources_behind(traffic_day(anomalies, reports.plan, reports.book, day, reports.plan.sources),
                                  behind, day, settings_of(campaign))
    if traffic is not None:
        incident = open_incident(
            session=session, campaign_id=campaign.pk, kind=IncidentKind.TRAFFIC, severity=traffic.severity,
            description=describe_day(traffic, campaign, locale, behind=behind), reporter_id=BOT_REPORTER, now=now,
            team_id=None,
            dedupe_key=INCIDENT_KEY_PREFIX + traffic.dedupe_key, locale_for=locale_for,
        )
        # What it names prefills its Cause & adjustment form (the latest check's KPIs, lagging source and sources
        # behind their shares).
        incident.subjects = dump_subjects(subjects_of_traffic(
            [anomaly.metric for anomaly in traffic.anomalies], traffic.lagging.source if traffic.lagging else None,
            [(item.metric, item.source) for item in behind]))
        session.flush()
        announce_incident(session=session, incident=incident, now=now, locale_for=locale_for)
    return anomalies


def _sources_behind(campaign: Campaign, reports: CampaignReports, day: date, today: date) -> list[SourceBehind]:
    """Sources behind their own share of the pace (each judged through its own last complete day, exactly as its
    line in the summary); none in the first `grace_days` days, like the campaign's own pace check."""
    if not has_plan(reports.source_plan) or reports.plan.day_number(day) <= settings_of(campaign).grace_days:
        return []
    return sources_behind(source_standings(reports.plan, reports.book, reports.source_plan, day, today=today))


def describe_day(traffic: TrafficDay, campaign: Campaign, locale: str | None,
                 behind: Sequence[SourceBehind] = ()) -> str:
    """Every KPI that fell behind on the day, the sources behind their own share of the pace, then the source to
    look at first and the ones that went quiet."""
    lines = [t("pace.anomaly.day.title", locale, name=escape(campaign.name), day=formatting.day(traffic.day, locale))]
    lines += [f"• {describe(replace(anomaly, lagging_source=None), campaign, locale)}" for anomaly in traffic.anomalies]
    lines += ["• " + t("pace.anomaly.source_behind", locale, source=escape(item.source),
                       gap=formatting.percent(item.gap, locale), metric=t(f"reports.field.{item.metric}", locale),
                       of_pace=formatting.percent(item.of_pace, locale))
              for item in behind]
    if traffic.lagging is not None and traffic.lagging.pace is not None:
        lines.append(t("pace.anomaly.day.lagging", locale, source=escape(traffic.lagging.source),
                       pace=formatting.percent(traffic.lagging.pace, locale)))
    if traffic.silent:
        quiet = ", ".join(t("pace.anomaly.day.silent.one", locale, source=escape(p.source), days=p.days_without_report)
                          for p in traffic.silent)
        lines.append(t("pace.anomaly.day.silent", locale, sources=quiet))
    return "\n".join(lines)
