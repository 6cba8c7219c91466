"""The readiness list's reminders: each item's owner is told the day before its due day, at reminder time, once
(bot.readiness.rules.reminder_stage). The outbox row and the item's cleared next fire time commit together."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.campaigns.service.scheduling import say_at_stage, settings_of
from bot.kernel.batches import DuePass
from bot.kernel.services import Services
from bot.readiness.blocks.checklist import reminder_blocks, reminder_text
from bot.readiness.rules import reminder_stage
from bot.readiness.service.checklist import REMINDED, line_of
from storage.models import Campaign, ChecklistItem
from storage.repositories import readiness as repo


def claim_due(session: Session, now: datetime, limit: int) -> Sequence[ChecklistItem]:
    """Items with a reminder due, locked (`FOR UPDATE SKIP LOCKED`)."""
    return repo.items_due_for_reminder(session=session, now=now, limit=limit)


def readers(session: Session, item: ChecklistItem) -> list[str]:
    return [item.owner_id]


def advance(services: Services, session: Session, item: ChecklistItem, now: datetime) -> int:
    campaign = session.get_one(Campaign, item.campaign_id)
    item.next_reminder_at = None  # one reminder per due day: nothing comes after it
    if campaign.status not in REMINDED or item.done_at is not None or item.due_date is None:
        return 0
    settings = settings_of(campaign)
    stage = reminder_stage(item.pk, item.due_date, ZoneInfo(campaign.timezone), settings)
    if stage.fire_at > now:  # moved meanwhile to a later day: wait for it
        item.next_reminder_at = stage.fire_at
        return 0
    locale = services.locale_for(item.owner_id)
    line = line_of(item)
    return say_at_stage(session, stage, settings, now, kind="checklist_reminder", channel=item.owner_id,
                        text=reminder_text(line, campaign.name, locale),
                        blocks=reminder_blocks(line, campaign.name, campaign.timezone, locale),
                        campaign_id=campaign.id)


run = DuePass(name="checklist_reminders", fetch=claim_due, advance=advance, readers=readers, batch=200)
