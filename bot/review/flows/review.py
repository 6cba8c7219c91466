"""The review (复盘) as people ask for it: `/campaign summary`, the lessons modal, and Close.

The review is always posted in the campaign's own channel, through the outbox (message, chart, PDF), and
delivered right after the commit; the scheduler's delivery pass retries whatever Slack refuses for now."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from sqlmodel import Session

from bot.campaigns.access import readable_campaign
from bot.campaigns.service import campaigns as campaign_service
from bot.card.service import refresh_card
from bot.kernel import formatting, policy
from bot.kernel.blockkit.text import mention, safe_text
from bot.kernel.errors import CampaignBotError, NotAllowed, UserRef
from bot.kernel.flow import once_per_submission
from bot.kernel.i18n import t
from bot.kernel.logs import campaign_context, error_summary
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.language.service import channel_locale
from bot.review.blocks.message import closed_message
from bot.review.rules.lessons import LessonDraft
from bot.review.service import lessons as lesson_service
from bot.review.service import posting as review_posting
from bot.review.service import review as review_service
from bot.review.service.posting import enqueue_review

log = logging.getLogger(__name__)

Answer = Callable[[], object]


@dataclass(frozen=True)
class ClickedMessage:
    """The review message a Close button was in: where it is, and what it says."""

    channel_id: str | None
    ts: str | None
    text: str | None
    blocks: list[dict[str, Any]]


@dataclass(frozen=True)
class LessonsForm:
    campaign_name: str
    initial: dict[str, str]


def request_review(services: Services, *, actor: policy.Actor, reference: str, channel_id: str | None,
                   answer: Callable[[str, str], object]) -> None:
    """The review so far, or the final one, in the campaign's channel; `answer(name, channel)` says where."""
    campaign = readable_campaign(services, actor, reference=reference, channel_id=channel_id, sub="summary",
                                 closed_too=True)
    campaign_id, name, channel = campaign.pk, campaign.name, campaign.channel_id
    with services.unit_of_work() as session:
        people = review_posting.people_of(session, campaign)
        recent = review_posting.recent_review(session, campaign_id, services.clock.now())
    if not policy.can_request_review(actor, campaign, people):
        raise NotAllowed("review.post.not_allowed", owner=UserRef(campaign.owner_id), name=name)
    if recent is not None:
        raise CampaignBotError("review.post.recent", name=name, link=review_posting.link_to(recent))
    answer(name, channel)
    post_review(services, campaign_id, key=outbox.one_off_key(f"review:{campaign_id}:asked"), name=name)


def post_review(services: Services, campaign_id: int, *, key: str, name: str) -> None:
    """Raises CampaignBotError("review.post.failed") when the review cannot be put together (drawn, stored): the
    asker is told in words, the log says where without the campaign's text, and nothing is half-posted."""
    now = services.clock.now()
    try:
        with services.unit_of_work() as session:
            if review_posting.posted_meanwhile(session, campaign_id, now):
                return  # a simultaneous request posted it: once is enough
            campaign = campaign_service.team_campaign(session=session, campaign_id=campaign_id, team_id=None)
            package = review_service.gather_review(session=session, campaign=campaign, now=now)
            enqueue_review(session, package, key=key, locale=channel_locale(services, campaign), now=now,
                           name_of=services.directory.name)
    except CampaignBotError:
        raise
    except Exception as error:
        with campaign_context(campaign_id):
            log.error("the review of campaign %s could not be posted: %s", campaign_id, error_summary(error))
        raise CampaignBotError("review.post.failed", name=name, id=campaign_id) from None
    outbox.deliver(services, [key, f"{key}:chart", f"{key}:pdf"])


def lessons_form(services: Services, *, campaign_id: int, actor: policy.Actor) -> LessonsForm:
    """What the lessons modal shows `actor`: their own lessons so far, once they may add some."""
    with services.unit_of_work() as session:
        campaign = lesson_service.lesson_campaign(session=session, campaign_id=campaign_id,
                                                  team_id=actor.team_id or "", actor=actor)
        lesson = lesson_service.own_lesson(session=session, campaign_id=campaign_id, author_id=actor.user_id)
        initial = ({"worked": lesson.worked, "fell_short": lesson.fell_short, "next_time": lesson.next_time}
                   if lesson else {})
        return LessonsForm(campaign_name=campaign.name, initial=initial)


def save_lessons(services: Services, *, campaign_id: int, draft: LessonDraft, submission: str, actor: policy.Actor,
                 locale: str, answer: Answer) -> None:
    """Save once per submission, with a receipt to its author."""
    def save(session: Session, now: datetime) -> list[str]:
        campaign, created = lesson_service.save_lesson(session=session, campaign_id=campaign_id,
                                                       team_id=actor.team_id or "", draft=draft, actor=actor, now=now)
        receipt = outbox.one_off_key("lessons_receipt")
        outbox.enqueue(session, key=receipt, kind="lessons_receipt", channel=actor.user_id, now=now,
                       campaign_id=campaign.id,
                       text=safe_text("review.lessons.saved" if created else "review.lessons.updated", locale,
                                      name=campaign.name))
        return [receipt]

    once_per_submission(services, submission=submission, answer=answer, work=save)


def close(services: Services, *, campaign_id: int, actor: policy.Actor, clicked: ClickedMessage) -> None:
    """Close the campaign with a note in its channel; then the review that carried the button and the card say so."""
    now = services.clock.now()
    with services.unit_of_work() as session:
        campaign = review_service.close_campaign(session=session, campaign_id=campaign_id,
                                                 team_id=actor.team_id or "", actor=actor, now=now)
        locale = channel_locale(services, campaign)
        note = outbox.one_off_key(f"campaign:{campaign_id}:closed")
        text = safe_text("review.closed.note", locale, actor=mention(actor.user_id), name=campaign.name)
        left = _left_open(*review_service.open_work(session=session, campaign_id=campaign_id), locale)
        outbox.enqueue(session, key=note, kind="campaign_closed", channel=campaign.channel_id, now=now,
                       campaign_id=campaign_id, text=f"{text}\n{left}" if left else text)
    outbox.deliver(services, [note])
    _mark_closed(services, clicked, campaign_id, actor.user_id, locale)
    refresh_card(services, campaign_id, locale)


def _left_open(incident_ids: list[int], tasks: int, locale: str) -> str:
    """A warning naming what closing leaves open (the bot stops following it up); empty when nothing is."""
    parts = []
    if incident_ids:
        parts.append(t("signoff.defaults.close.incidents", locale, count=len(incident_ids),
                       ids=formatting.listing([f"#{number}" for number in incident_ids], locale)))
    if tasks:
        parts.append(t("signoff.defaults.close.tasks", locale, count=tasks))
    return t("signoff.defaults.close.left_open", locale, what=formatting.listing(parts, locale)) if parts else ""


def _mark_closed(services: Services, clicked: ClickedMessage, campaign_id: int, actor_id: str, locale: str) -> None:
    """The review that carried the button now says who closed it, instead of offering Close again."""
    blocks = closed_message(clicked.blocks, campaign_id, actor_id=actor_id, locale=locale)
    if not (clicked.channel_id and clicked.ts and blocks):
        return
    try:
        services.slack.update_message(clicked.channel_id, clicked.ts,
                                      text=clicked.text or t("review.title", locale, name=""), blocks=blocks)
    except SlackApiError as error:
        log.warning("could not update the review message of campaign %s: %s", campaign_id,
                    error.response.get("error"))
