"""`/campaign report`, the report button in the daily prompt, and the reporters & sources setup."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import actor_of, campaign_id_of, reports_errors, submits_form
from bot.kernel.services import Services
from bot.reports.blocks import read_report_form, read_reporting
from bot.reports.flows import setup as reporting_setup
from bot.reports.flows import submission as report_submission


def open_report(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """`/campaign report [campaign]` (wired into handlers/router.py). A refusal is answered in the ack."""
    view = report_submission.report_view_for(services, team_id=command.get("team_id", ""), reference=rest,
                                             channel_id=command.get("channel_id"),
                                             actor=actor_of(services, command), answer=ack)
    services.slack.open_view(command["trigger_id"], view)


@reports_errors
def open_from_prompt(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    view = report_submission.report_view(services, campaign_id=campaign_id_of(body), actor=actor_of(services, body))
    services.slack.open_view(body["trigger_id"], view)


@submits_form(Field.REPORT_DAY)
def submit_report(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    warned = report_submission.submit_report(
        services, campaign_id=metadata.campaign_id or 0, form=read_report_form(view),
        metadata=view.get("private_metadata", ""), actor=actor_of(services, body),
        locale=services.locale_for(body["user"]["id"]), answer=ack,
    )
    if warned is not None:
        # Contradicting figures: show the warning with a box to confirm them, keeping what was typed.
        ack(response_action="update", view=warned)


@reports_errors
def open_setup(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    view = reporting_setup.setup_view(services, campaign_id=campaign_id_of(body), actor=actor_of(services, body),
                                      locale=services.locale_for(body["user"]["id"]))
    services.slack.open_view(body["trigger_id"], view)


@reports_errors
def owners_as_reporters(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    reporting_setup.add_owners(services, campaign_id=campaign_id_of(body), actor=actor_of(services, body),
                               locale=services.locale_for(body["user"]["id"]))


@submits_form(Field.REPORTERS)
def save_setup(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    reporter_ids, sources = read_reporting(view)
    reporting_setup.save_reporting(services, campaign_id=metadata.campaign_id or 0, reporter_ids=reporter_ids,
                                   sources=sources, actor=actor_of(services, body),
                                   locale=services.locale_for(body["user"]["id"]), answer=ack)


def register(app: App) -> None:
    app.action(Action.OPEN_REPORT)(open_from_prompt)
    app.view(View.DAILY_REPORT)(submit_report)
    app.action(Action.OPEN_REPORTING_SETUP)(open_setup)
    app.action(Action.ADD_OWNERS_AS_REPORTERS)(owners_as_reporters)
    app.view(View.REPORTING_SETUP)(save_setup)
