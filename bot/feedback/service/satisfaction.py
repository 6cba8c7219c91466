"""The satisfaction question (满意度) after a campaign: asked once in the channel on the first working day after the
end (the campaign events pass), answered with 1–5 buttons — one answer a person, a second click replaces it — and
the question edited in place through the outbox to show how many answered (never who).

Anyone in the channel may answer: the people who worked on a campaign are more than its owner, reporters and task
owners (designers, the agency, the shop staff), and the channel is where the team is. The average is the team's.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlmodel import Session

from bot.campaigns.rules.campaign import Status
from bot.feedback.blocks.satisfaction import question_blocks, question_fallback
from bot.feedback.rules.satisfaction import Tally, tally
from bot.kernel import policy
from bot.kernel.errors import NotFound
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.language.service import card_locale
from storage.models import Campaign, OutboxMessage
from storage.repositories import delivery as outbox_repository
from storage.repositories import follow_through as repo

log = logging.getLogger(__name__)

KIND = "satisfaction"
EVER = timedelta(days=3650)  # how far back the question is looked for: any campaign's lifetime


def ask(session: Session, campaign: Campaign, *, key: str, locale: str | None, now: datetime) -> int:
    """The question in the channel, once per `key`; only for a campaign that ran and is being evaluated."""
    if campaign.status != Status.EVALUATING:
        return 0
    return int(outbox.enqueue(session, key=key, kind=KIND, channel=campaign.channel_id, now=now,
                              campaign_id=campaign.id, text=question_fallback(campaign.name, locale),
                              blocks=question_blocks(campaign_id=campaign.pk, name=campaign.name, answers=0,
                                                     locale=locale)))


def tally_of(session: Session, campaign_id: int) -> Tally:
    return tally(repo.scores(session=session, campaign_id=campaign_id))


def _question(session: Session, campaign_id: int, now: datetime) -> OutboxMessage | None:
    return outbox_repository.latest_of_kind(session=session, campaign_id=campaign_id, kind=KIND, since=now - EVER)


def answer(services: Services, *, campaign_id: int, score: int, actor: policy.Actor, channel_id: str,
           locale: str) -> None:
    """Keep this person's score (replacing an earlier one), show the new count on the question, and tell them
    privately what was kept."""
    now = services.clock.now()
    # The question's language, looked up before the transaction: no Slack call while rows are held.
    question_locale = card_locale(services, campaign_id, services.settings.default_locale)
    with services.unit_of_work() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None or (actor.team_id and campaign.team_id != actor.team_id):
            raise NotFound("campaigns.gone")
        question = _question(session, campaign_id, now)
        if question is None:
            raise NotFound("feedback.satisfaction.gone")
        changed = repo.save_answer(session=session, campaign_id=campaign_id, user_id=actor.user_id, score=score,
                                   at=now)
        session.flush()
        count = tally_of(session, campaign_id).count
        outbox.enqueue_update(session, card_key=question.idempotency_key,
                              text=question_fallback(campaign.name, question_locale),
                              blocks=question_blocks(campaign_id=campaign_id, name=campaign.name, answers=count,
                                                     locale=question_locale), now=now)
    try:
        outbox.deliver_due(services, services.clock.now())
    except Exception:  # the delivery pass retries; the answer is kept either way
        log.exception("showing the satisfaction count failed; the scheduler will retry")
    words = t("feedback.satisfaction.changed" if changed else "feedback.satisfaction.thanks", locale, score=score)
    try:
        services.slack.post_ephemeral(channel_id, actor.user_id, text=words)
    except Exception:  # the answer is kept; only the private confirmation is lost
        log.exception("could not confirm a satisfaction answer to %s", actor.user_id)
