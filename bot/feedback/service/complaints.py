"""Steps of the complaint items that take the caller's session: following a saved report (one item per report,
posted in the campaign channel), showing an item's card as it is now (through the outbox), and the facts the
review reads. The flows (bot.feedback.flows) and the report submission compose them."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from bot.feedback.blocks.complaints import card_fallback, item_card
from bot.feedback.rules.complaints import ComplaintFact, ComplaintStatus, ItemState, complaint_text, follow_report
from bot.feedback.service.timing import schedule_item
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.language.service import LocaleFor, campaign_locale
from storage.models import Campaign, DailyReport, FeedbackItem
from storage.repositories import feedback as repo

log = logging.getLogger(__name__)


def card_key(item_id: int | None) -> str:
    """The outbox key of the item's card in the channel: its edits name it."""
    return f"feedback:{item_id}:card"


@dataclass
class Followed:
    """What following a report wrote: cards to post now, and whether a card was edited (an update row)."""

    posted: list[str] = field(default_factory=list)
    edited: bool = False


def follow_complaint(*, session: Session, report: DailyReport, campaign: Campaign, now: datetime,
                     locale_for: LocaleFor) -> Followed:
    """A report was saved: its complaint becomes an item (posted with Assign and Resolve), an edited complaint
    edits the same item, a complaint untagged withdraws an open item, tagged again reopens it."""
    complaint = complaint_text(report.feedback, report.feedback_type)
    item = repo.item_of_report(session=session, report_id=report.pk, for_update=True)
    change = follow_report(None if item is None else ItemState(ComplaintStatus(item.status), item.text), complaint)
    followed = Followed()
    if change == "none":
        return followed
    if item is None:
        assert complaint is not None
        item = FeedbackItem(campaign_id=campaign.pk, report_id=report.pk, day=report.day,
                            source=report.source, reporter_id=report.reporter_id, text=complaint,
                            status=ComplaintStatus.OPEN, opened_at=now, due_at=now, updated_at=now)
        schedule_item(item, campaign)
        session.add(item)
        session.flush()
        locale = campaign_locale(campaign, locale_for)
        key = card_key(item.id)
        if outbox.enqueue(session, key=key, kind="feedback_card", channel=campaign.channel_id,
                          text=card_fallback(item, campaign, locale), blocks=item_card(item, campaign, locale),
                          now=now, campaign_id=campaign.id):
            followed.posted.append(key)
        return followed
    if change == "withdraw":
        item.status = ComplaintStatus.WITHDRAWN
    elif change == "reopen":
        # Heard again now: the response time runs from here (the owner is still told only once per item).
        item.status, item.opened_at = ComplaintStatus.OPEN, now
    if complaint is not None:
        item.text = complaint
    schedule_item(item, campaign)
    item.updated_at = now
    followed.edited = show_card(session, item, campaign, now, locale_for)
    return followed


def show_card(session: Session, item: FeedbackItem, campaign: Campaign, now: datetime, locale_for: LocaleFor) -> bool:
    """The channel card edited in place to show the item as it is now, in the campaign's language."""
    locale = campaign_locale(campaign, locale_for)
    return outbox.enqueue_update(session, card_key=card_key(item.id), text=card_fallback(item, campaign, locale),
                                 blocks=item_card(item, campaign, locale), now=now)


def deliver(services: Services, followed: Followed) -> None:
    """After the commit: post the new cards at once, and send the edits written for the old ones (the delivery
    pass would send them within the minute anyway; never raises)."""
    outbox.deliver(services, followed.posted)
    if followed.edited:
        try:
            outbox.deliver_due(services, services.clock.now())
        except Exception:
            log.exception("delivering a complaint card's update failed; the scheduler will retry")


def complaint_facts(*, session: Session, campaign_id: int) -> Sequence[ComplaintFact]:
    """The campaign's complaints for the review (withdrawn ones were no complaint after all)."""
    return [ComplaintFact(opened_at=item.opened_at, due_at=item.due_at, resolved_at=item.resolved_at)
            for item in repo.items_of_campaign(session=session, campaign_id=campaign_id)
            if item.status != ComplaintStatus.WITHDRAWN]
