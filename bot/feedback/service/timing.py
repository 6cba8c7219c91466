"""When an open complaint is due an answer, and when the pass is to tell the owner: the campaign's response time
(Reminders modal, default 24 h) from the moment the complaint was heard. Kept apart from the flows so the campaign's
rescheduling (bot.campaigns.service.campaigns) can call it without a circle."""

from __future__ import annotations

from sqlmodel import Session

from bot.campaigns.rules.reminders import ReminderSettings
from bot.feedback.rules.complaints import next_escalation, respond_by
from storage.models import Campaign, FeedbackItem
from storage.repositories import feedback as repo


def response_hours(campaign: Campaign) -> int:
    return ReminderSettings.load(campaign.reminder_settings).complaint_response_hours


def schedule_item(item: FeedbackItem, campaign: Campaign) -> None:
    item.due_at = respond_by(item.opened_at, response_hours(campaign))
    item.escalate_at = next_escalation(item.status, item.due_at, item.escalated_at)


def reschedule_open(*, session: Session, campaign: Campaign) -> None:
    """The response time changed: every open complaint's due time follows (one past due escalates at the next
    pass; one escalated already is not told again)."""
    for item in repo.open_items(session=session, campaign_id=campaign.pk):
        schedule_item(item, campaign)
