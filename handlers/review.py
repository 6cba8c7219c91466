"""The review (复盘): `/campaign summary`, and its Add lessons and Close buttons with the lessons modal."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.metadata import ModalMetadata
from bot.blocks.review_blocks import lessons_modal, read_lessons
from bot.blocks.text import channel_link, safe_text
from bot.domain.forms import FormRejected
from bot.domain.lessons import check_lessons
from bot.ids import Action, Field, View
from bot.services import Services
from bot.usecases import review_flows
from handlers.forms import actor_of, campaign_id_of, reports_errors, submission_key, submits_form


def summary_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py) The review so far, or the final one, in the campaign's channel."""
    review_flows.request_review(
        services, actor=actor_of(services, command), reference=rest, channel_id=command.get("channel_id"),
        answer=lambda name, channel: ack(text=safe_text("review.posting", locale, name=name,
                                                        channel=channel_link(channel))))


@reports_errors
def open_lessons(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()  # the modal must open within 3 s of the click
    campaign_id = campaign_id_of(body)
    form = review_flows.lessons_form(services, campaign_id=campaign_id, actor=actor_of(services, body))
    view = lessons_modal(name=form.campaign_name, initial=form.initial,
                         metadata=ModalMetadata(campaign_id=campaign_id).dump(),
                         locale=services.locale_for(body["user"]["id"]))
    services.slack.open_view(body["trigger_id"], view)


@submits_form(Field.LESSON_WORKED)  # closed or no longer allowed since the modal opened
def save_lessons(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    draft, errors = check_lessons(**read_lessons(view))
    if draft is None:
        raise FormRejected(errors)
    review_flows.save_lessons(
        services, campaign_id=ModalMetadata.load(view.get("private_metadata")).campaign_id or 0, draft=draft,
        submission=submission_key(view), actor=actor_of(services, body),
        locale=services.locale_for(body["user"]["id"]), answer=ack)


@reports_errors
def close(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    container = body.get("container") or {}
    message = body.get("message") or {}
    clicked = review_flows.ClickedMessage(
        channel_id=container.get("channel_id") or (body.get("channel") or {}).get("id"),
        ts=container.get("message_ts") or message.get("ts"), text=message.get("text"),
        blocks=list(message.get("blocks") or []))
    review_flows.close(services, campaign_id=campaign_id_of(body), actor=actor_of(services, body), clicked=clicked)


def register(app: App) -> None:
    app.action(Action.OPEN_LESSONS)(open_lessons)
    app.view(View.LESSONS)(save_lessons)
    app.action(Action.CLOSE_CAMPAIGN)(close)
