"""Quiet hours: between `quiet_start_hour` and `quiet_end_hour` of a person's own zone (22:00–08:00 unless the
campaign's Reminders settings say otherwise), nothing but an urgent page reaches them. A reminder, a nudge, a notice
waits (the outbox holds it overnight) and is in their morning digest (bot.digest). The outbox asks this module,
which bot.runtime.app hands it, so the kernel decides nothing about campaigns."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.campaigns.rules.reminders import ReminderSettings, quiet_until
from bot.campaigns.service.scheduling import settings_of
from bot.kernel.services import Services
from storage.models import Campaign, OutboxMessage

# Answers to what the recipient just did themselves (they are awake, and waiting for it), and the digest itself.
NEVER_HELD = frozenset({"report_receipt", "lessons_receipt", "import_news", "campaign_not_posted", "digest"})


def is_person(channel: str) -> bool:
    """A DM is addressed to a user id (U…, or W… on Enterprise Grid); a channel id starts otherwise (C, G, D)."""
    return channel[:1] in ("U", "W")


class CampaignQuietHours:
    def __init__(self, services: Services) -> None:
        self._services = services

    def until(self, message: OutboxMessage, now: datetime) -> datetime | None:
        if not is_person(message.channel) or message.kind in NEVER_HELD:
            return None
        settings, campaign_zone = self._settings_of(message.campaign_id)
        zone = self._services.directory.profile(message.channel).tz or campaign_zone
        ends = quiet_until(now.astimezone(ZoneInfo(zone)), settings)
        return None if ends is None else ends.astimezone(UTC)

    def _settings_of(self, campaign_id: int | None) -> tuple[ReminderSettings, str]:
        default_zone = self._services.settings.default_timezone
        if campaign_id is None:
            return ReminderSettings(), default_zone
        with self._services.unit_of_work() as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None:
                return ReminderSettings(), default_zone
            return settings_of(campaign), campaign.timezone
