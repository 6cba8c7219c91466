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
from bot.kernel.listening.forms import actor_of, parse_id, reports_errors, submits_form, team_of
from bot.kernel.services import Services
from bot.lifecycle.blocks import new_campaign_view
from bot.reports.blocks import report_picker
from bot.reports.flows import submission as report_submission


def home_opened(event: dict[str, Any], body: dict[str, Any], services: Services) -> None:
    if event.get("tab", "home") != "home":
        return  # the Messages tab needs nothing from us
    home_service.publish_home(services, user_id=event["user"], team_id=team_of(body))


@reports_errors
def new_campaign(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    view = new_campaign_view(services.locale_for(user_id),
                             timezone=services.directory.time_zone(user_id, services.settings.default_timezone),
                             owner_id=user_id, channel_id=None, name="")
    services.slack.open_view(body["trigger_id"], view)


@reports_errors
def submit_report(ack: Ack, body: dict[str, Any], services: Services) -> None:
    """One campaign to report for: its report modal; several: a picker first; none: a note saying so."""
    ack()
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    campaigns = home_service.reportable(services, user_id=user_id, team_id=team_of(body))
    choices = [(str(campaign.id), campaign.name) for campaign in campaigns]
    if len(choices) == 1:
        view = report_submission.report_view(services, campaign_id=campaigns[0].id, actor=actor_of(services, body))
    else:
        view = report_picker(choices, locale)
    services.slack.open_view(body["trigger_id"], view)


@submits_form(Field.REPORT_CAMPAIGN)
def picked_report_campaign(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    campaign_id = parse_id(SubmittedState(view).option(Field.REPORT_CAMPAIGN))
    if campaign_id is None:
        raise CampaignBotError("campaign.gone")
    # A forged option naming another workspace's campaign finds nothing: the report context is team-scoped.
    report: SlackView = report_submission.report_view(services, campaign_id=campaign_id, actor=actor_of(services, body))
    ack(response_action="update", view=report)


def register(app: App) -> None:
    app.event("app_home_opened")(home_opened)
    app.action(Action.HOME_NEW_CAMPAIGN)(new_campaign)
    app.action(Action.HOME_SUBMIT_REPORT)(submit_report)
    app.view(View.PICK_REPORT_CAMPAIGN)(picked_report_campaign)
