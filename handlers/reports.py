"""`/campaign report`, the report button in the daily prompt, and the reporters & sources setup."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import acks_first, campaign_id_of, opens_modal, submits_form
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.reports.blocks import read_report_form, read_reporting
from bot.reports.flows import setup as reporting_setup
from bot.reports.flows import submission as report_submission


def open_report(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                locale: str) -> SlackView:
    """`/campaign report [campaign]` (wired into handlers/router.py). A refusal is answered in the ack."""
    return report_submission.report_view_for(services, team_id=command.get("team_id", ""), reference=rest,
                                             channel_id=command.get("channel_id"), actor=actor, answer=ack)


@opens_modal
def open_from_prompt(body: dict[str, Any], services: Services, actor: Actor) -> SlackView:
    return report_submission.report_view(services, campaign_id=campaign_id_of(body), actor=actor)


@submits_form(Field.REPORT_DAY)
def submit_report(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    warned = report_submission.submit_report(
        services, campaign_id=metadata.campaign_id or 0, form=read_report_form(view),
        metadata=view.get("private_metadata", ""), actor=actor, locale=locale, answer=ack,
    )
    if warned is not None:
        # Contradicting figures: show the warning with a box to confirm them, keeping what was typed.
        ack(response_action="update", view=warned)


@opens_modal
def open_setup(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    return reporting_setup.setup_view(services, campaign_id=campaign_id_of(body), actor=actor, locale=locale)


@acks_first
def owners_as_reporters(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    reporting_setup.add_owners(services, campaign_id=campaign_id_of(body), actor=actor, locale=locale)


@submits_form(Field.REPORTERS)
def save_setup(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    reporter_ids, sources = read_reporting(view)
    reporting_setup.save_reporting(services, campaign_id=metadata.campaign_id or 0, reporter_ids=reporter_ids,
                                   sources=sources, actor=actor, locale=locale, answer=ack)


def register(app: App) -> None:
    app.action(Action.OPEN_REPORT)(open_from_prompt)
    app.view(View.DAILY_REPORT)(submit_report)
    app.action(Action.OPEN_REPORTING_SETUP)(open_setup)
    app.action(Action.ADD_OWNERS_AS_REPORTERS)(owners_as_reporters)
    app.view(View.REPORTING_SETUP)(save_setup)
