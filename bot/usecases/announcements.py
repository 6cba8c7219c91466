"""Posting and refreshing a campaign's card in its channel."""

from __future__ import annotations

import logging
from datetime import datetime

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.blocks.campaign_card import campaign_card, card_fallback_text
from bot.blocks.task_blocks import upcoming
from bot.blocks.text import channel_link, escape, mention
from bot.i18n import t
from bot.services import Services
from storage import repositories as repo
from storage import task_repository as task_repo
from storage.models import Campaign

log = logging.getLogger(__name__)


def card_blocks(session: Session, campaign: Campaign, locale: str, now: datetime) -> list[Block]:
    """The campaign card with its KPI targets and upcoming milestones, as stored now."""
    campaign_id = campaign.id or 0
    milestones = upcoming(task_repo.milestones_of_campaign(session=session, campaign_id=campaign_id),
                          campaign.timezone, now)
    return campaign_card(campaign, repo.kpi_targets(session=session, campaign_id=campaign_id), locale,
                         milestones=milestones)


def announce_campaign(services: Services, campaign_id: int, locale: str) -> None:
    """Join the campaign channel if possible and post the card there; tell the creator when Slack refuses."""
    with services.unit_of_work() as session:
        campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=None)
        if campaign is None:
            return
        channel, creator, name = campaign.channel_id, campaign.created_by, campaign.name
        intro = t("card.announce", locale, creator=mention(creator), owner=mention(campaign.owner_id))
        blocks = card_blocks(session, campaign, locale, services.clock.now())
        text = f"{intro}\n{card_fallback_text(campaign, locale)}"

    services.slack.join_channel(channel)
    try:
        posted = services.slack.post_message(channel, text=text, blocks=blocks)
    except SlackApiError as error:
        log.warning("announcement of campaign %s in %s failed: %s", campaign_id, channel,
                    error.response.get("error"))
        services.slack.send_dm(creator, text=t("campaign.created.not_posted", locale, name=escape(name),
                                                channel=channel_link(channel)))
        return
    with services.unit_of_work() as session:
        campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=None)
        if campaign is not None:
            campaign.announcement_channel, campaign.announcement_ts = posted.channel, posted.ts


def refresh_card(services: Services, campaign_id: int, locale: str) -> None:
    """Re-render the announcement after a change; a campaign that moved channel is announced anew."""
    with services.unit_of_work() as session:
        campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=None)
        if campaign is None:
            return
        where = (campaign.announcement_channel, campaign.announcement_ts)
        moved = campaign.announcement_channel != campaign.channel_id
        blocks = card_blocks(session, campaign, locale, services.clock.now())
        text = card_fallback_text(campaign, locale)
    if where[0] and where[1]:
        services.slack.update_message(where[0], where[1], text=text, blocks=blocks)
    if moved or not where[1]:
        announce_campaign(services, campaign_id, locale)
