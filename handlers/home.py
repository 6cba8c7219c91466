"""The App Home tab: published on `app_home_opened`, and again after a Done, Acknowledge or Resolve clicked on it;
its New campaign and Submit report buttons."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.home import service as home_service
from bot.kernel.blockkit.inputs import SubmittedState
from bot.kernel.errors import CampaignBotError
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import opens_modal, parse_id, submits_form, team_of
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.lifecycle.blocks import new_campaign_view
from bot.reports.blocks import report_picker
from bot.reports.flows import submission as report_submission


def home_opened(event: dict[str, Any], body: dict[str, Any], services: Services) -> None:
    if event.get("tab", "home") != "home":
        return  # the Messages tab needs nothing from us
    home_service.publish_home(services, user_id=event["user"], team_id=team_of(body))


@opens_modal
def new_campaign(services: Services, actor: Actor, locale: str) -> SlackView:
    return new_campaign_view(locale, timezone=services.directory.time_zone(actor.user_id,
                                                                          services.settings.default_timezone),
                             owner_id=actor.user_id, channel_id=None, name="")


@opens_modal
def submit_report(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    """One campaign to report for: its report modal; several: a picker first; none: a note saying so."""
    campaigns = home_service.reportable(services, user_id=actor.user_id, team_id=team_of(body))
    choices = [(str(campaign.id), campaign.name) for campaign in campaigns]
    if len(choices) == 1:
        return report_submission.report_view(services, campaign_id=campaigns[0].id, actor=actor)
    return report_picker(choices, locale)


@submits_form(Field.REPORT_CAMPAIGN)
def picked_report_campaign(ack: Ack, view: dict[str, Any], services: Services, actor: Actor) -> None:
    campaign_id = parse_id(SubmittedState(view).option(Field.REPORT_CAMPAIGN))
    if campaign_id is None:
        raise CampaignBotError("campaigns.gone")
    # A forged option naming another workspace's campaign finds nothing: the report context is team-scoped.
    report: SlackView = report_submission.report_view(services, campaign_id=campaign_id, actor=actor)
    ack(response_action="update", view=report)


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    app.action(Action.HOME_NEW_CAMPAIGN)(new_campaign)
    app.action(Action.HOME_SUBMIT_REPORT)(submit_report)
    app.view(View.PICK_REPORT_CAMPAIGN)(picked_report_campaign)
