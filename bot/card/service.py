"""Posting and refreshing a campaign's card in its channel.

The card is said through the outbox (key `campaign:<id>:card:<channel>`, once per channel it is announced in),
written in the transaction that created the campaign and delivered right after the commit; when Slack is down
the delivery pass posts it later, and the card's place is then learnt from the delivered row. A person's change
refreshes the card at once (chat.update, direct: idempotent, and they are waiting to see it); a scheduler pass's
change (the campaign starts or ends, a milestone's day passes) edits it through the outbox (`enqueue_card_update`),
where an older edit still waiting is dropped for the newer one.
"""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.card.blocks.card import campaign_card, card_fallback_text
from bot.kernel.blockkit.text import channel_link, escape, mention
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.language.service import card_locale
from bot.readiness.service.checklist import readiness
from bot.tasks.blocks.lines import upcoming
from storage.models import Campaign
from storage.repositories import campaigns as repo
from storage.repositories import delivery as outbox_repository
from storage.repositories import signoff as signoff_repository
from storage.repositories import tasks as task_repo

log = logging.getLogger(__name__)


def card_blocks(session: Session, campaign: Campaign, locale: str, now: datetime) -> list[Block]:
    """The campaign card with its KPI targets and upcoming milestones, as stored now."""
    campaign_id = campaign.pk
    milestones = upcoming(task_repo.milestones_of_campaign(session=session, campaign_id=campaign_id),
                          campaign.timezone, now)
    return campaign_card(campaign, repo.kpi_targets(session=session, campaign_id=campaign_id), locale,
                         milestones=milestones, readiness=readiness(session, campaign_id),
                         approvers=signoff_repository.approvers(session=session, campaign_id=campaign_id))


def card_key(campaign: Campaign) -> str:
    return f"campaign:{campaign.id}:card:{campaign.channel_id}"


def enqueue_card(session: Session, campaign: Campaign, locale: str, now: datetime) -> str:
    """Write the announcement to the outbox in the caller's transaction; returns its key for `publish_card`."""
    intro = t("card.announce", locale, creator=mention(campaign.created_by), owner=mention(campaign.owner_id))
    key = card_key(campaign)
    outbox.enqueue(session, key=key, kind="campaign_card", channel=campaign.channel_id,
                   text=f"{intro}\n{card_fallback_text(campaign, locale)}",
                   blocks=card_blocks(session, campaign, locale, now), now=now, campaign_id=campaign.id)
    return key


def publish_card(services: Services, campaign_id: int, key: str, locale: str) -> None:
    """After the commit: join the channel if possible, post the card, remember where it is; tell the creator
    when Slack refuses it for good (a private channel the bot is not in)."""
    with services.unit_of_work() as session:
        row = outbox_repository.by_key(session=session, key=key)
        channel = row.channel if row else None
    if channel is None:
        return
    services.slack.join_channel(channel)
    outbox.deliver(services, [key])
    with services.unit_of_work() as session:
        campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=None)
        row = outbox_repository.by_key(session=session, key=key)
        if campaign is None or row is None:
            return
        if row.status == outbox_repository.SENT:
            campaign.announcement_channel, campaign.announcement_ts = row.channel, row.message_ts
            return
        if row.status != outbox_repository.FAILED:
            return  # Slack is away: the delivery pass posts it, and card_location finds it then
        log.warning("announcement of campaign %s in %s failed: %s", campaign_id, channel, row.last_error)
        notice = f"{key}:not_posted"
        outbox.enqueue(session, key=notice, kind="campaign_not_posted", channel=campaign.created_by,
                       text=t("campaigns.created.not_posted", locale, name=escape(campaign.name),
                              channel=channel_link(channel)), now=services.clock.now(), campaign_id=campaign.id)
    outbox.deliver(services, [notice])


def announce_campaign(services: Services, campaign_id: int, locale: str) -> None:
    """Announce the campaign in its (current) channel: once per channel, however often this is called."""
    locale = card_locale(services, campaign_id, locale)
    with services.unit_of_work() as session:
        campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=None)
        if campaign is None:
            return
        key = enqueue_card(session, campaign, locale, services.clock.now())
    publish_card(services, campaign_id, key, locale)


def card_location(session: Session, campaign: Campaign) -> tuple[str, str] | None:
    """Where the card of the campaign's current channel is: stored, or learnt from its delivered outbox row."""
    if campaign.announcement_channel == campaign.channel_id and campaign.announcement_ts:
        return campaign.announcement_channel, campaign.announcement_ts
    row = outbox_repository.by_key(session=session, key=card_key(campaign))
    if row is None or row.status != outbox_repository.SENT or not row.message_ts:
        return None
    campaign.announcement_channel, campaign.announcement_ts = row.channel, row.message_ts
    return row.channel, row.message_ts


def refresh_card(services: Services, campaign_id: int, locale: str) -> None:
    """Re-render the announcement after a change; a campaign that moved channel is announced anew there."""
    locale = card_locale(services, campaign_id, locale)  # the card keeps the campaign's language, not the clicker's
    with services.unit_of_work() as session:
        campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=None)
        if campaign is None:
            return
        where = card_location(session, campaign)
        blocks = card_blocks(session, campaign, locale, services.clock.now())
        text = card_fallback_text(campaign, locale)
        pending = outbox_repository.by_key(session=session, key=card_key(campaign))
        announced = where is not None or pending is not None
        if where is None and pending is not None and pending.status == outbox_repository.PENDING:
            # Not posted yet (Slack was away): what the delivery pass posts later must be the card as it is now.
            outbox.refresh_pending(pending, text=f"{pending.text.split(chr(10))[0]}\n{text}", blocks=blocks)
    if where:
        services.slack.update_message(where[0], where[1], text=text, blocks=blocks)
    elif not announced:
        announce_campaign(services, campaign_id, locale)


def enqueue_card_update(session: Session, campaign: Campaign, locale: str, now: datetime) -> bool:
    """In the caller's transaction: the card of the campaign's channel shows the campaign as stored now."""
    intro = t("card.announce", locale, creator=mention(campaign.created_by), owner=mention(campaign.owner_id))
    return outbox.enqueue_update(session, card_key=card_key(campaign),
                                 text=f"{intro}\n{card_fallback_text(campaign, locale)}",
                                 blocks=card_blocks(session, campaign, locale, now), now=now)
