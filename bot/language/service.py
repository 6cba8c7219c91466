"""Which language a campaign speaks in its channel, its review and its PDF: its own, or else its owner's."""

from __future__ import annotations

from collections.abc import Callable

from bot.kernel.services import Services
from storage.models import Campaign

LocaleFor = Callable[[str], str]


def campaign_locale(campaign: Campaign, locale_for: LocaleFor) -> str:
    """The campaign's language (a locale code) when it has one; the owner's Slack locale otherwise."""
    return campaign.language or locale_for(campaign.owner_id)


def channel_locale(services: Services, campaign: Campaign) -> str:
    return campaign_locale(campaign, services.locale_for)


def card_locale(services: Services, campaign_id: int, fallback: str) -> str:
    """The locale of a campaign's card, read in its own short transaction so the owner's look-up (users.info)
    never runs while rows are held; `fallback` when the campaign is gone."""
    with services.unit_of_work() as session:
        campaign = session.get(Campaign, campaign_id)
        if campaign is None:
            return fallback
        language, owner_id = campaign.language, campaign.owner_id
    return language or services.locale_for(owner_id)
