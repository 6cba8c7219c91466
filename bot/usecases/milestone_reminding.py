"""Milestone reminders in the campaign channel, days before and on the day; the morning after its day, the
milestone leaves the campaign card's upcoming list (the card is edited then)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.domain.campaigns import LIVE_STATUSES
from bot.domain.reminders import due_stages, milestone_stages
from bot.services import Services
from bot.usecases.announcements import enqueue_card_update
from bot.usecases.campaign_language import channel_locale
from bot.usecases.due_batches import say_at_stage
from bot.usecases.reminder_messages import milestone_reminder
from bot.usecases.scheduling import settings_of
from storage import task_repository as repo
from storage.models import Campaign, Milestone


def claim_due(session: Session, now: datetime, limit: int) -> Sequence[Milestone]:
    """Milestones with a reminder due, locked (`FOR UPDATE SKIP LOCKED`)."""
    return repo.milestones_due_for_reminder(session=session, now=now, limit=limit)


def readers(session: Session, milestone: Milestone) -> list[str]:
    """Channel notices speak the campaign owner's language."""
    return [session.get_one(Campaign, milestone.campaign_id).owner_id]


def advance(services: Services, session: Session, milestone: Milestone, now: datetime) -> int:
    campaign = session.get_one(Campaign, milestone.campaign_id)
    if campaign.status not in LIVE_STATUSES or milestone.next_reminder_at is None:
        milestone.next_reminder_at = None
        return 0
    settings = settings_of(campaign)
    stages = milestone_stages(milestone.id or 0, milestone.on_date, ZoneInfo(campaign.timezone), settings)
    due, following = due_stages(stages, milestone.next_reminder_at - timedelta(microseconds=1), now)
    # Channel notices speak the campaign's language, like the daily summary.
    locale = channel_locale(services, campaign) if due else services.settings.default_locale
    said = sum(
        say_at_stage(session, stage, settings, now, kind=stage.kind, channel=campaign.channel_id,
                     text=milestone_reminder(stage, milestone, campaign, locale), campaign_id=campaign.id)
        for stage in due
    )
    zone = ZoneInfo(campaign.timezone)
    today = now.astimezone(zone).date()
    if milestone.on_date < today:
        # Its day is over: the card at the top of the channel lists it no more.
        enqueue_card_update(session, campaign, channel_locale(services, campaign), now)
    if following is not None:
        milestone.next_reminder_at = following.fire_at
    elif milestone.on_date >= today:
        milestone.next_reminder_at = datetime.combine(milestone.on_date + timedelta(days=1), time(), zone)
    else:
        milestone.next_reminder_at = None
    return said
