"""A daily report, from the modal that asks for it to the receipt and the pace check that follow it.

`submit_report` checks the figures, saves them and writes the receipt in one transaction; after the commit (once
`answer()` has closed the modal) the receipt is delivered and the pace re-checked (`check_pace_after_report`)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from slack_sdk.models.views import View as SlackView

from bot.campaigns.rules.campaign import Status
from bot.campaigns.service import campaigns as campaign_service
from bot.feedback.service import complaints as feedback_service
from bot.home import service as home_service
from bot.kernel import formatting, policy
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.blockkit.text import escape
from bot.kernel.errors import InvalidInput
from bot.kernel.forms import FormRejected
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.pace.service.anomalies import act_on_anomalies
from bot.pace.service.data import load_reports
from bot.reports.blocks import report_modal, report_picker, warning_texts
from bot.reports.rules.form import FIGURE_FIELDS, MONEY_FIELDS, ReportForm, check_report
from bot.reports.service import reports as report_service
from storage.models import DailyReport

log = logging.getLogger(__name__)

Answer = Callable[[], object]


def local_today(services: Services, user_id: str, campaign_timezone: str) -> date:
    zone = services.directory.profile(user_id).tz or campaign_timezone
    return services.clock.now().astimezone(ZoneInfo(zone)).date()


def report_view(services: Services, *, campaign_id: int, actor: policy.Actor) -> SlackView:
    """The report modal for `actor`, once they may report for the campaign (else NotAllowed; another workspace's
    campaign is gone): a blank report for today in the reporter's zone, kept inside the campaign's window."""
    return _blank_report(services, _checked_context(services, campaign_id=campaign_id, actor=actor), actor.user_id)


def _checked_context(services: Services, *, campaign_id: int, actor: policy.Actor) -> report_service.ReportContext:
    with services.unit_of_work() as session:
        context = report_service.report_context(session=session, campaign_id=campaign_id, team_id=actor.team_id)
    report_service.check_may_report(actor, context)
    return context


def _blank_report(services: Services, context: report_service.ReportContext, user_id: str) -> SlackView:
    """Today's report, on the source this person reported last; the figures already saved for it, if any."""
    campaign = context.campaign
    day = min(max(local_today(services, user_id, campaign.timezone), campaign.start_date), campaign.end_date)
    with services.unit_of_work() as session:
        form = report_service.starting_form(session=session, campaign_id=campaign.pk, reporter_id=user_id,
                                            day=day, sources=context.sources)
    return report_modal(campaign_name=campaign.name, sources=context.sources, form=form,
                        metadata=ModalMetadata(campaign_id=campaign.id).dump(), locale=services.locale_for(user_id),
                        extra=context.extra_figures)


def report_view_for(services: Services, *, team_id: str, reference: str, channel_id: str | None,
                    actor: policy.Actor, answer: Answer) -> SlackView:
    """`/campaign report [campaign]`: the campaign named (or the channel's) checked, `answer()`, then its modal
    (a refusal raises before the answer, so it is said in the acknowledgement). Named nowhere, and the channel not
    deciding it: the person's campaigns to report for, to pick from (their only one: its modal)."""
    unresolved: InvalidInput | None = None
    with services.unit_of_work() as session:
        try:
            campaign_id = campaign_service.resolve_campaign(session=session, team_id=team_id, reference=reference,
                                                            channel_id=channel_id, sub="report").pk
        except InvalidInput as error:
            if reference.strip():
                raise
            unresolved, campaign_id = error, 0
    if unresolved is not None:
        mine = home_service.reportable(services, user_id=actor.user_id, team_id=team_id)
        if not mine:
            raise unresolved
        if len(mine) > 1:
            answer()
            return report_picker([(str(campaign.id), campaign.name) for campaign in mine],
                                 services.locale_for(actor.user_id))
        campaign_id = mine[0].id
    context = _checked_context(services, campaign_id=campaign_id, actor=actor)
    answer()
    return _blank_report(services, context, actor.user_id)


def submit_report(services: Services, *, campaign_id: int, form: ReportForm, metadata: str, actor: policy.Actor,
                  locale: str, answer: Answer) -> SlackView | None:
    """Save the report and its receipt; None once saved (answered, receipt delivered, pace checked). Figures that
    contradict each other save nothing: the form comes back (the view returned) with a box to confirm them.
    Raises FormRejected for what is wrong on the form."""
    user_id = actor.user_id
    with services.unit_of_work() as session:
        context = report_service.report_context(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        campaign = context.campaign
        check = check_report(form, start=campaign.start_date, end=campaign.end_date,
                             today=local_today(services, user_id, campaign.timezone), sources=context.sources)
        if check.errors:
            raise FormRejected(check.errors)
        if check.draft is None:
            return report_modal(campaign_name=campaign.name, sources=context.sources, form=form, metadata=metadata,
                                locale=locale, warnings=warning_texts(check.warnings, locale),
                                extra=context.extra_figures)
        report, created = report_service.save_report(session=session, campaign_id=campaign.pk,
                                                     draft=check.draft, actor=actor, now=services.clock.now())
        key = "reports.saved" if created else "reports.updated"
        receipt = outbox.one_off_key(f"report:{report.id}:receipt")
        said = t(key, locale, source=escape(report.source), day=formatting.day(report.day, locale),
                 name=escape(campaign.name))
        outbox.enqueue(session, key=receipt, kind="report_receipt", channel=user_id, now=services.clock.now(),
                       text="\n".join(filter(None, (said, saved_figures(report, locale)))), campaign_id=campaign.id)
        complaint = feedback_service.follow_complaint(session=session, report=report, campaign=campaign,
                                                      now=services.clock.now(), locale_for=services.locale_for)
    answer()
    outbox.deliver(services, [receipt])
    feedback_service.deliver(services, complaint)
    check_pace_after_report(services, campaign_id)
    return None


def saved_figures(report: DailyReport, locale: str | None) -> str:
    """The figures as stored, so the reporter sees what the bot read from what they typed (1.2万 → 12,000)."""
    shown = [
        t(f"reports.receipt.{name}", locale,
          value=formatting.money(value, locale) if name in MONEY_FIELDS else formatting.number(value, locale))
        for name in FIGURE_FIELDS if (value := getattr(report, name)) is not None
    ]
    return t("reports.receipt.figures", locale, figures=" · ".join(shown)) if shown else ""


def check_pace_after_report(services: Services, campaign_id: int) -> None:
    """Each submission re-checks the pace, as of the last complete day (today is still being reported).

    The report is saved before this runs: whatever goes wrong here (a busy database, Slack away) is logged and
    left to the 21:00 pass, which checks the same day again; the reporter is never answered with an error."""
    try:
        _check_pace(services, campaign_id)
    except Exception:
        log.exception("pace check after a report on campaign %s failed; the evening pass checks again", campaign_id)


def _check_pace(services: Services, campaign_id: int) -> None:
    with services.unit_of_work() as session:
        # Called after a save that was checked against the requester's workspace.
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=None)
        last_complete = services.clock.now().astimezone(ZoneInfo(campaign.timezone)).date() - timedelta(days=1)
        if campaign.status != Status.RUNNING or last_complete < campaign.start_date:
            return
        day = min(last_complete, campaign.end_date)
        act_on_anomalies(session=session, campaign=campaign, reports=load_reports(session, campaign, through=day),
                         day=day, now=services.clock.now(), locale_for=services.locale_for)
    _deliver_alerts(services)


def _deliver_alerts(services: Services) -> None:
    """Send the notices and incident messages the check just wrote; the delivery pass retries whatever fails."""
    try:
        outbox.deliver_due(services, services.clock.now())
    except Exception:
        log.exception("delivering incident messages failed; the scheduler will retry")
