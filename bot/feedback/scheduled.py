"""Pass body: an open complaint past its response time (default 24 h, the Reminders modal) is escalated to the
campaign owner by DM, once per item; the channel card then says so. The DM is an outbox row written in the same
transaction that clears the item's `escalate_at`, under a key of its own (`feedback:<id>:escalated`), so neither a
second pass nor a second process tells the owner twice.

A pass running late (after downtime) still tells the owner: unlike a reminder's moment, "still unanswered" is as
true late as on time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES
from bot.feedback.blocks.complaints import assignee_text, item_card, with_intro
from bot.feedback.rules.complaints import ComplaintStatus
from bot.feedback.service.complaints import show_card
from bot.feedback.service.timing import response_hours
from bot.kernel import formatting
from bot.kernel.batches import DuePass
from bot.kernel.blockkit.text import escape, truncate
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from storage.models import Campaign, FeedbackItem
from storage.repositories import feedback as repo

QUOTED = 300


def escalation_key(item_id: int | None) -> str:
    return f"feedback:{item_id}:escalated"


def claim_due(session: Session, now: datetime, limit: int) -> Sequence[FeedbackItem]:
    """Items whose escalation is due, locked (`FOR UPDATE SKIP LOCKED`)."""
    return repo.due_for_escalation(session=session, now=now, limit=limit)


def readers(session: Session, item: FeedbackItem) -> list[str]:
    return [session.get_one(Campaign, item.campaign_id).owner_id]


def advance(services: Services, session: Session, item: FeedbackItem, now: datetime) -> int:
    campaign = session.get_one(Campaign, item.campaign_id)
    if item.status != ComplaintStatus.OPEN or item.escalated_at is not None or campaign.status not in LIVE_STATUSES:
        item.escalate_at = None
        return 0
    locale = services.locale_for(campaign.owner_id)
    text = t("feedback.escalated.dm", locale, id=item.id, name=escape(campaign.name),
             elapsed=formatting.duration(now - item.opened_at, locale), hours=response_hours(campaign),
             text=escape(truncate(item.text, QUOTED)), assignee=assignee_text(item, locale))
    item.escalated_at, item.escalate_at, item.updated_at = now, None, now
    added = outbox.enqueue(session, key=escalation_key(item.id), kind="feedback_escalation",
                           channel=campaign.owner_id, text=text,
                           blocks=with_intro(text, item_card(item, campaign, locale)),  # type: ignore[arg-type]
                           now=now, campaign_id=campaign.id)
    show_card(session, item, campaign, now, services.locale_for)
    return int(added)


run = DuePass(name="complaint_escalations", fetch=claim_due, advance=advance, readers=readers, batch=200)
