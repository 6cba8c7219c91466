"""Steps of the readiness list (准备清单), in the caller's transaction: seed it from the handbook, read it, tick an
item, add one, keep each item's reminder time right.

Seeding: a new campaign gets the handbook's items when it is created; a campaign from before the list existed
gets them the first time its list is looked at (`ensure_seeded`), so no copy of the handbook lives in a migration.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES, Status
from bot.campaigns.service import audit
from bot.campaigns.service.scheduling import settings_of
from bot.kernel import policy
from bot.kernel.errors import InvalidInput, NotAllowed, NotFound, UserRef
from bot.kernel.forms import FormRejected
from bot.kernel.ids import Field
from bot.readiness.rules import (
    KNOWN_KEYS,
    ChecklistLine,
    Readiness,
    SeededItem,
    check_item,
    next_reminder,
    seeded_due,
)
from storage.models import Campaign, ChecklistItem
from storage.repositories import readiness as repo

REMINDED = LIVE_STATUSES - {Status.EVALUATING}  # once it has ended, readiness is history


def line_of(item: ChecklistItem) -> ChecklistLine:
    return ChecklistLine(id=item.pk, key=item.key, title=item.title, owner_id=item.owner_id, due=item.due_date,
                         done_at=item.done_at, done_by=item.done_by)


def lines_of(session: Session, campaign_id: int) -> list[ChecklistLine]:
    return [line_of(item) for item in repo.items_of_campaign(session=session, campaign_id=campaign_id)]


def readiness(session: Session, campaign_id: int) -> Readiness | None:
    """Done / all items; None for a campaign whose list was never seeded (nothing to show yet)."""
    lines = lines_of(session, campaign_id)
    return Readiness.of(lines) if lines else None


def schedule_item(item: ChecklistItem, campaign: Campaign, now: datetime) -> None:
    if campaign.status not in REMINDED or item.id is None:
        item.next_reminder_at = None
        return
    item.next_reminder_at = next_reminder(item.id, item.due_date, item.done_at is not None,
                                          ZoneInfo(campaign.timezone), settings_of(campaign), now)


def seed(session: Session, campaign: Campaign, now: datetime) -> int:
    """The handbook's items, each owned by the campaign's owner and due relative to the start; those already
    there are left alone. Returns how many were added."""
    present = {item.key for item in repo.items_of_campaign(session=session, campaign_id=campaign.pk)}
    added = 0
    for seeded in SeededItem:
        if seeded.value in present:
            continue
        item = repo.add_item(session=session, item=ChecklistItem(
            campaign_id=campaign.pk, key=seeded.value, owner_id=campaign.owner_id,
            due_date=seeded_due(seeded, campaign.start_date), created_by=campaign.created_by, created_at=now))
        schedule_item(item, campaign, now)
        added += 1
    return added


def ensure_seeded(session: Session, campaign: Campaign, now: datetime) -> bool:
    """Seed a live campaign that has no items yet (one created before the list existed); True when it did."""
    if campaign.status not in REMINDED or repo.has_items(session=session, campaign_id=campaign.pk):
        return False
    return seed(session, campaign, now) > 0


def reschedule(session: Session, campaign: Campaign, now: datetime) -> None:
    """The dates, time zone or reminder settings changed: seeded items still open follow the start, and every
    item's reminder is recomputed."""
    for item in repo.items_of_campaign(session=session, campaign_id=campaign.pk):
        if item.key in KNOWN_KEYS and item.done_at is None:
            item.due_date = seeded_due(SeededItem(item.key), campaign.start_date)
        schedule_item(item, campaign, now)


def tick(session: Session, *, item_id: int, done: bool, actor: policy.Actor, now: datetime
         ) -> tuple[ChecklistItem, Campaign, bool]:
    """Mark an item done, or not done after all: (item, campaign, whether anything changed)."""
    item = repo.get_item(session=session, item_id=item_id, team_id=actor.team_id, for_update=True)
    if item is None:
        raise NotFound("readiness.checklist.gone")
    campaign = session.get(Campaign, item.campaign_id)
    if campaign is None:
        raise NotFound("readiness.checklist.gone")
    if not policy.can_tick_checklist_item(actor, item.owner_id, campaign):
        raise NotAllowed("readiness.checklist.tick.not_allowed", owner=UserRef(item.owner_id),
                         campaign_owner=UserRef(campaign.owner_id))
    if campaign.status not in LIVE_STATUSES:
        raise InvalidInput("tasks.campaign_closed", campaign=campaign.name)
    if (item.done_at is not None) == done:
        return item, campaign, False
    item.done_at, item.done_by = (now, actor.user_id) if done else (None, None)
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="checklist_item",
                 object_id=item.id, action="done" if done else "reopened",
                 after={"item": item.key or item.title})
    schedule_item(item, campaign, now)
    return item, campaign, True


def add_item(session: Session, *, campaign: Campaign, title: str, owner_id: str | None, due: date | None,
             actor: policy.Actor, now: datetime) -> ChecklistItem:
    """Field mistakes raise FormRejected (nothing is saved); the owner defaults to the campaign's."""
    if not policy.can_manage_checklist(actor, campaign):
        raise NotAllowed("readiness.checklist.add.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    cleaned, errors = check_item(title, due, start=campaign.start_date, end=campaign.end_date,
                                 title_field=Field.CHECKLIST_TITLE, due_field=Field.CHECKLIST_DUE)
    if errors:
        raise FormRejected(errors)
    ensure_seeded(session, campaign, now)  # the handbook's items first, so the new one is not the only one
    item = repo.add_item(session=session, item=ChecklistItem(
        campaign_id=campaign.pk, title=cleaned, owner_id=owner_id or campaign.owner_id, due_date=due,
        created_by=actor.user_id, created_at=now))
    schedule_item(item, campaign, now)
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="checklist_item",
                 object_id=item.id, action="added", after={"title": cleaned, "owner": item.owner_id, "due": due})
    return item
