"""Milestone reminders in the campaign channel, days before and on the day (with "Done" and "Missed"); at midnight
after its day the milestone leaves the campaign card's upcoming list (the card is edited then); the next morning a
milestone still open is missed, and its owner and the campaign's owner are told, once each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES
from bot.campaigns.rules.reminders import ReminderSettings, Stage, due_stages, milestone_stages
from bot.campaigns.service import audit
from bot.campaigns.service.scheduling import say_at_stage, settings_of
from bot.card.service import enqueue_card_update
from bot.kernel import formatting
from bot.kernel.batches import DuePass
from bot.kernel.blockkit.text import escape, mention
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.language.service import channel_locale
from bot.readiness.blocks.milestones import milestone_day_blocks
from bot.readiness.rules import MilestoneState
from bot.tasks.service.reminders import milestone_reminder
from storage.models import Campaign, Milestone
from storage.repositories import tasks as repo


def claim_due(session: Session, now: datetime, limit: int) -> Sequence[Milestone]:
    """Milestones with a reminder due, locked (`FOR UPDATE SKIP LOCKED`)."""
    return repo.milestones_due_for_reminder(session=session, now=now, limit=limit)


def readers(session: Session, milestone: Milestone) -> list[str]:
    """Channel notices speak the campaign owner's language; a missed milestone's notes go to its owner too."""
    owner_id = session.get_one(Campaign, milestone.campaign_id).owner_id
    return [owner_id, milestone.owner_id or owner_id]


def advance(services: Services, session: Session, milestone: Milestone, now: datetime) -> int:
    campaign = session.get_one(Campaign, milestone.campaign_id)
    if campaign.status not in LIVE_STATUSES or milestone.next_reminder_at is None:
        milestone.next_reminder_at = None
        return 0
    settings = settings_of(campaign)
    stages = milestone_stages(milestone.pk, milestone.on_date, ZoneInfo(campaign.timezone), settings)
    due, following = due_stages(stages, milestone.next_reminder_at - timedelta(microseconds=1), now)
    # Channel notices speak the campaign's language, like the daily summary.
    locale = channel_locale(services, campaign) if due else services.settings.default_locale
    said = 0
    for stage in due:
        if stage.kind == "milestone_over":
            # Its day is over: the card at the top of the channel lists it no more.
            enqueue_card_update(session, campaign, locale, now)
        elif stage.kind == "milestone_missed":
            said += _missed(services, session, milestone, campaign, stage, settings, now)
        elif milestone.state == MilestoneState.OPEN:  # hit already (or given up): no more reminders
            text = milestone_reminder(stage, milestone, campaign, locale)
            blocks = (milestone_day_blocks(text, milestone.pk, milestone.owner_id, locale)
                      if stage.kind == "milestone_today" else None)
            said += say_at_stage(session, stage, settings, now, kind=stage.kind, channel=campaign.channel_id,
                                 text=text, blocks=blocks, campaign_id=campaign.id)
    milestone.next_reminder_at = following.fire_at if following is not None else None
    return said


def _missed(services: Services, session: Session, milestone: Milestone, campaign: Campaign, stage: Stage,
            settings: ReminderSettings, now: datetime) -> int:
    """Still open the morning after its day: missed, and its owner and the campaign's owner told (once each)."""
    if milestone.state != MilestoneState.OPEN:
        return 0
    milestone.state = MilestoneState.MISSED
    audit.record(session, campaign=campaign, actor_id=None, at=now, object_type="milestone", object_id=milestone.id,
                 action="missed", before={"state": MilestoneState.OPEN.value},
                 after={"state": MilestoneState.MISSED.value, "name": milestone.name})
    said = 0
    for recipient in dict.fromkeys([milestone.owner_id or campaign.owner_id, campaign.owner_id]):
        locale = services.locale_for(recipient)
        key = "readiness.milestone.missed.dm.owner" if recipient == (milestone.owner_id or campaign.owner_id) \
            else "readiness.milestone.missed.dm.campaign_owner"
        text = t(key, locale, name=escape(milestone.name), campaign=escape(campaign.name),
                 day=formatting.day(milestone.on_date, locale), owner=mention(milestone.owner_id or campaign.owner_id))
        said += say_at_stage(session, replace(stage, key=f"{stage.key}:{recipient}"), settings, now,
                             kind="milestone_missed", channel=recipient, text=text, campaign_id=campaign.id)
    return said


run = DuePass(name="milestone_reminders", fetch=claim_due, advance=advance, readers=readers, batch=200)
