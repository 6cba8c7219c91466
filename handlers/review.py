"""The review (复盘): `/campaign summary`, and its Add lessons and Close buttons with the lessons modal.

The review is always posted in the campaign's own channel, through the outbox (message, chart, PDF), and
delivered right after the commit; the scheduler's delivery pass retries whatever Slack refuses for now.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError

from bot import policy
from bot.blocks.metadata import ModalMetadata
from bot.blocks.review_blocks import closed_message, lessons_modal, read_lessons
from bot.blocks.text import channel_link, mention, safe_text
from bot.domain.lessons import check_lessons
from bot.errors import CampaignBotError, NotAllowed
from bot.i18n import t
from bot.ids import Action, Field, View
from bot.messages import render_error
from bot.services import Services
from bot.slack import outbox
from bot.usecases import lesson_service, review_service
from bot.usecases.announcements import refresh_card
from bot.usecases.review_posting import enqueue_review
from handlers.errors import reports_errors
from handlers.forms import actor_of, campaign_id_of, field_errors, first_submission, team_of

log = logging.getLogger(__name__)


# --- `/campaign summary [campaign]` ----------------------------------------------------------------------------

def summary_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py) The review so far, or the final one, in the campaign's channel."""
    with services.unit_of_work() as session:
        campaign = review_service.resolve_any_campaign(
            session=session, team_id=team_of(command), reference=rest,
            channel_id=command.get("channel_id"), sub="summary",
        )
        if not policy.can_request_review(actor_of(services, command), campaign):
            raise NotAllowed("error.not_allowed")  # today anyone may ask; the rule lives in bot.policy
        campaign_id, name, channel = campaign.id or 0, campaign.name, campaign.channel_id
    ack(text=safe_text("review.posting", locale, name=name, channel=channel_link(channel)))
    post_review(services, campaign_id, key=outbox.one_off_key(f"review:{campaign_id}:asked"))


def post_review(services: Services, campaign_id: int, *, key: str) -> None:
    now = services.clock.now()
    with services.unit_of_work() as session:
        campaign = review_service.team_campaign(session=session, campaign_id=campaign_id, team_id=None)
        package = review_service.gather_review(session=session, campaign=campaign, now=now)
        enqueue_review(session, package, key=key, locale=services.locale_for(campaign.owner_id), now=now,
                       name_of=services.directory.name)
    outbox.deliver(services, [key, f"{key}:chart", f"{key}:pdf"])


# --- Add lessons ---------------------------------------------------------------------------------------------------

@reports_errors
def open_lessons(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()  # the modal must open within 3 s of the click
    user_id = body["user"]["id"]
    campaign_id = campaign_id_of(body)
    with services.unit_of_work() as session:
        campaign = lesson_service.lesson_campaign(session=session, campaign_id=campaign_id, team_id=team_of(body),
                                                  actor=actor_of(services, body))
        lesson = lesson_service.own_lesson(session=session, campaign_id=campaign_id, author_id=user_id)
        initial = ({"worked": lesson.worked, "fell_short": lesson.fell_short, "next_time": lesson.next_time}
                   if lesson else {})
        name = campaign.name
    view = lessons_modal(name=name, initial=initial, metadata=ModalMetadata(campaign_id=campaign_id).dump(),
                         locale=services.locale_for(user_id))
    services.slack.open_view(body["trigger_id"], view)


@reports_errors
def save_lessons(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    metadata = ModalMetadata.load(view.get("private_metadata"))
    draft, errors = check_lessons(**read_lessons(view))
    if draft is None:
        ack(response_action="errors", errors=field_errors(errors, locale))
        return
    now = services.clock.now()
    try:
        with services.unit_of_work() as session:
            if not first_submission(session, view, now):
                ack()  # the same submission again (a double-click, a replay): the first one saved the lessons
                return
            campaign, created = lesson_service.save_lesson(
                session=session, campaign_id=metadata.campaign_id or 0, team_id=team_of(body), draft=draft,
                actor=actor_of(services, body), now=now,
            )
            receipt = outbox.one_off_key("lessons_receipt")
            outbox.enqueue(session, key=receipt, kind="lessons_receipt", channel=user_id, now=now,
                           campaign_id=campaign.id,
                           text=safe_text("lessons.saved" if created else "lessons.updated", locale,
                                          name=campaign.name))
    except CampaignBotError as error:  # closed or no longer allowed since the modal opened
        ack(response_action="errors", errors={Field.LESSON_WORKED: render_error(error, locale)})
        return
    ack()
    outbox.deliver(services, [receipt])


# --- Close ------------------------------------------------------------------------------------------------------

@reports_errors
def close(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    campaign_id = campaign_id_of(body)
    now = services.clock.now()
    with services.unit_of_work() as session:
        campaign = review_service.close_campaign(session=session, campaign_id=campaign_id, team_id=team_of(body),
                                                 actor=actor_of(services, body), now=now)
        locale = services.locale_for(campaign.owner_id)
        note = outbox.one_off_key(f"campaign:{campaign_id}:closed")
        outbox.enqueue(session, key=note, kind="campaign_closed", channel=campaign.channel_id, now=now,
                       campaign_id=campaign_id,
                       text=safe_text("review.closed.note", locale, actor=mention(user_id), name=campaign.name))
    outbox.deliver(services, [note])
    _mark_closed(services, body, campaign_id, user_id, locale)
    refresh_card(services, campaign_id, locale)


def _mark_closed(services: Services, body: dict[str, Any], campaign_id: int, actor_id: str, locale: str) -> None:
    """The review that carried the button now says who closed it, instead of offering Close again."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
    ts = container.get("message_ts") or message.get("ts")
    blocks = closed_message(message.get("blocks") or [], campaign_id, actor_id=actor_id, locale=locale)
    if not (channel and ts and blocks):
        return
    try:
        services.slack.update_message(channel, ts, text=message.get("text") or t("review.title", locale, name=""),
                                      blocks=blocks)
    except SlackApiError as error:
        log.warning("could not update the review message of campaign %s: %s", campaign_id,
                    error.response.get("error"))


def register(app: App) -> None:
    app.action(Action.OPEN_LESSONS)(open_lessons)
    app.view(View.LESSONS)(save_lessons)
    app.action(Action.CLOSE_CAMPAIGN)(close)
