"""`/campaign report`, the report button in the daily prompt, and the reporters & sources setup."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot import formatting, policy
from bot.blocks.metadata import ModalMetadata
from bot.blocks.report_modal import (
    blank_report,
    read_report_form,
    read_reporting,
    report_modal,
    reporting_modal,
    warning_texts,
)
from bot.blocks.text import escape, mention
from bot.domain.campaigns import Status
from bot.domain.report_form import check_report
from bot.errors import CampaignBotError, NotAllowed, UserRef
from bot.i18n import t
from bot.ids import Action, Field, View
from bot.messages import render_error
from bot.services import Services
from bot.slack import outbox
from bot.usecases import campaign_service, report_service
from bot.usecases.anomaly_service import act_on_anomalies
from bot.usecases.campaign_service import FormRejected
from bot.usecases.report_data import load_reports
from handlers.errors import reports_errors
from handlers.forms import actor_of, campaign_id_of, field_errors, team_of
from handlers.incidents import deliver_now
from storage import task_repository

log = logging.getLogger(__name__)


def local_today(services: Services, user_id: str, campaign_timezone: str) -> date:
    zone = services.directory.profile(user_id).tz or campaign_timezone
    return services.clock.now().astimezone(ZoneInfo(zone)).date()


def _checked_context(services: Services, *, campaign_id: int, body: dict[str, Any]) -> report_service.ReportContext:
    with services.unit_of_work() as session:
        context = report_service.report_context(session=session, campaign_id=campaign_id, team_id=team_of(body))
    report_service.check_may_report(actor_of(services, body), context)
    return context


def _report_view(services: Services, context: report_service.ReportContext, user_id: str) -> SlackView:
    """A blank report for today in the reporter's zone (kept inside the campaign's window)."""
    campaign = context.campaign
    day = min(max(local_today(services, user_id, campaign.timezone), campaign.start_date), campaign.end_date)
    return report_modal(campaign_name=campaign.name, sources=context.sources,
                        form=blank_report(day, context.sources[0]),
                        metadata=ModalMetadata(campaign_id=campaign.id).dump(), locale=services.locale_for(user_id))


def open_report(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """`/campaign report [campaign]` (wired into handlers/commands.py). A refusal is answered in the ack."""
    user_id = command["user_id"]
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(
            session=session, team_id=command.get("team_id", ""), reference=rest,
            channel_id=command.get("channel_id"), sub="report",
        )
    context = _checked_context(services, campaign_id=campaign.id or 0, body=command)
    ack()
    services.slack.open_view(command["trigger_id"], _report_view(services, context, user_id))


@reports_errors
def open_from_prompt(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    context = _checked_context(services, campaign_id=campaign_id_of(body), body=body)
    services.slack.open_view(body["trigger_id"], _report_view(services, context, user_id))



@reports_errors
def submit_report(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = ModalMetadata.load(view.get("private_metadata"))
    form = read_report_form(view)
    try:
        with services.unit_of_work() as session:
            context = report_service.report_context(session=session, campaign_id=metadata.campaign_id or 0,
                                                    team_id=team_of(body))
            campaign = context.campaign
            check = check_report(form, start=campaign.start_date, end=campaign.end_date,
                                 today=local_today(services, user_id, campaign.timezone), sources=context.sources)
            if check.errors:
                raise FormRejected(check.errors)
            if check.draft is None:
                # Contradicting figures: show the warning with a box to confirm them, keeping what was typed.
                ack(response_action="update", view=report_modal(
                    campaign_name=campaign.name, sources=context.sources, form=form,
                    metadata=view.get("private_metadata", ""), locale=locale,
                    warnings=warning_texts(check.warnings, locale)))
                return
            report, created = report_service.save_report(
                session=session, campaign_id=campaign.id or 0, draft=check.draft,
                actor=actor_of(services, body), now=services.clock.now(),
            )
            key = "report.saved" if created else "report.updated"
            receipt = outbox.one_off_key(f"report:{report.id}:receipt")
            outbox.enqueue(session, key=receipt, kind="report_receipt", channel=user_id, now=services.clock.now(),
                           text=t(key, locale, source=escape(report.source), day=formatting.day(report.day, locale),
                                  name=escape(campaign.name)), campaign_id=campaign.id)
    except FormRejected as rejected:
        ack(response_action="errors", errors=_report_errors(rejected, locale))
        return
    except CampaignBotError as error:
        ack(response_action="errors", errors={Field.REPORT_DAY: render_error(error, locale)})
        return
    ack()
    outbox.deliver(services, [receipt])
    check_after_submission(services, metadata.campaign_id or 0)



@reports_errors
def open_setup(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    with services.unit_of_work() as session:
        context = report_service.report_context(session=session, campaign_id=campaign_id_of(body),
                                                team_id=team_of(body))
        if not policy.can_manage_reporting(actor_of(services, body), context.campaign):
            raise NotAllowed("report.setup.not_allowed", owner=UserRef(context.campaign.owner_id),
                             name=context.campaign.name)
        view = reporting_modal(reporter_ids=sorted(context.reporter_ids), sources=context.sources,
                               metadata=ModalMetadata(campaign_id=context.campaign.id).dump(),
                               locale=services.locale_for(user_id))
    services.slack.open_view(body["trigger_id"], view)



@reports_errors
def owners_as_reporters(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    campaign_id = campaign_id_of(body)
    with services.unit_of_work() as session:
        context = report_service.report_context(session=session, campaign_id=campaign_id, team_id=team_of(body))
        owners = {task.owner_id for task in task_repository.active_tasks_of_campaign(session=session,
                                                                                    campaign_id=campaign_id)}
    reporter_ids = sorted(context.reporter_ids | owners)
    _save_reporting(services, body=body, campaign_id=campaign_id, reporter_ids=reporter_ids,
                    sources=context.sources)



@reports_errors
def save_setup(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = ModalMetadata.load(view.get("private_metadata"))
    reporter_ids, sources = read_reporting(view)
    try:
        post = _save_reporting(services, body=body, campaign_id=metadata.campaign_id or 0,
                               reporter_ids=reporter_ids, sources=sources, announce=False)
    except FormRejected as rejected:
        ack(response_action="errors", errors=field_errors(rejected.errors, locale))
        return
    except CampaignBotError as error:
        ack(response_action="errors", errors={Field.REPORTERS: render_error(error, locale)})
        return
    ack()
    post()



def _save_reporting(
    services: Services, *, body: dict[str, Any], campaign_id: int, reporter_ids: list[str], sources: list[str],
    announce: bool = True,
) -> Callable[[], None]:
    """Save who reports from where; the channel note is posted now, or by the caller after its ack."""
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    zones = {user: zone for user in reporter_ids if (zone := services.directory.profile(user).tz)}
    with services.unit_of_work() as session:
        campaign = report_service.set_reporting(
            session=session, campaign_id=campaign_id, reporter_ids=reporter_ids, sources=sources, zones=zones,
            actor=actor_of(services, body), now=services.clock.now(),
        )
        who = ", ".join(mention(user) for user in reporter_ids) or t("report.setup.nobody", locale)
        note = outbox.one_off_key("reporting_note")
        outbox.enqueue(session, key=note, kind="reporting_note", channel=campaign.channel_id,
                       text=t("report.setup.saved", locale, actor=mention(user_id), name=escape(campaign.name),
                              reporters=who, sources=escape(", ".join(sources) or "All")),
                       now=services.clock.now(), campaign_id=campaign.id)

    def post() -> None:
        outbox.deliver(services, [note])

    if announce:
        post()
    return post


def check_after_submission(services: Services, campaign_id: int) -> None:
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
    deliver_now(services)


def _report_errors(rejected: FormRejected, locale: str) -> dict[str, str]:
    messages: dict[str, str] = {}
    for error in rejected.errors:
        params = {name: formatting.day(value, locale) if isinstance(value, date) else value
                  for name, value in error.params.items()}
        messages.setdefault(error.field, t(error.key, locale, **params))
    return messages



def register(app: App) -> None:
    app.action(Action.OPEN_REPORT)(open_from_prompt)
    app.view(View.DAILY_REPORT)(submit_report)
    app.action(Action.OPEN_REPORTING_SETUP)(open_setup)
    app.action(Action.ADD_OWNERS_AS_REPORTERS)(owners_as_reporters)
    app.view(View.REPORTING_SETUP)(save_setup)
