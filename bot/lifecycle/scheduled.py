"""A campaign's lifecycle in its channel (the campaign events pass). Start moves approved → running, end moves running →
evaluating (status moves happen even when the announcement is too late to make), phase starts are announced,
and the morning after the end the review (复盘) is posted: message, chart and PDF, once."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.campaigns.rules.campaign import Status, can_move
from bot.campaigns.rules.reminders import campaign_stages, due_stages
from bot.campaigns.service import audit
from bot.campaigns.service.scheduling import EVENTFUL_CAMPAIGN, campaign_dates, say_at_stage, settings_of
from bot.card.service import enqueue_card_update
from bot.feedback.service import satisfaction as satisfaction_survey
from bot.kernel.batches import DuePass
from bot.kernel.services import Services
from bot.language.service import channel_locale
from bot.readiness.blocks.checklist import open_items_text
from bot.readiness.service.checklist import lines_of
from bot.review.service.posting import enqueue_review
from bot.review.service.review import gather_review
from bot.tasks.service.reminders import campaign_announcement
from storage.models import Campaign
from storage.repositories import campaigns as repo

SCHEDULER_ACTOR = "campaignbot"  # who the status history names for moves the scheduler makes

_MOVES = {"campaign_start": Status.RUNNING, "campaign_end": Status.EVALUATING}


def claim_due(session: Session, now: datetime, limit: int) -> Sequence[Campaign]:
    """Campaigns with a lifecycle event due, locked (`FOR UPDATE SKIP LOCKED`)."""
    return repo.campaigns_due_for_event(session=session, now=now, limit=limit)


def readers(session: Session, campaign: Campaign) -> list[str]:
    """Announcements and the review speak the campaign owner's language."""
    return [campaign.owner_id]


def advance(services: Services, session: Session, campaign: Campaign, now: datetime) -> int:
    if campaign.status not in EVENTFUL_CAMPAIGN or campaign.next_event_at is None:
        campaign.next_event_at = None
        return 0
    settings = settings_of(campaign)
    stages = campaign_stages(campaign.pk, campaign_dates(campaign), ZoneInfo(campaign.timezone), settings)
    due, following = due_stages(stages, campaign.next_event_at - timedelta(microseconds=1), now)
    enqueued = 0
    locale = channel_locale(services, campaign) if due else services.settings.default_locale
    status_before = campaign.status
    for stage in due:
        if stage.kind == "campaign_review":
            enqueued += _review(services, session, campaign, stage.key, now)
            continue
        if stage.kind == "campaign_satisfaction":
            enqueued += satisfaction_survey.ask(session, campaign, key=stage.key, now=now,
                                                locale=channel_locale(services, campaign))
            continue
        target = _MOVES.get(stage.kind)
        if target is not None:
            if not can_move(Status(campaign.status), target):
                continue  # e.g. the end of a campaign that never started running: nothing to announce
            repo.record_status_change(session=session, campaign_id=campaign.pk, from_status=campaign.status,
                                      to_status=target, actor_id=SCHEDULER_ACTOR, at=now)
            audit.record(session, campaign=campaign, actor_id=None, at=now, object_type="campaign",
                         object_id=campaign.id, action="status_changed", before={"status": campaign.status},
                         after={"status": target.value})
            campaign.status = target
            campaign.updated_at = now
        text = campaign_announcement(stage, campaign, locale)
        if stage.kind == "campaign_start":  # the start-day post names what is still not ready
            text = "\n".join(filter(None, [text, open_items_text(lines_of(session, campaign.pk), locale)]))
        enqueued += say_at_stage(session, stage, settings, now, kind=stage.kind, channel=campaign.channel_id,
                                 text=text, campaign_id=campaign.id)
    if campaign.status != status_before:
        enqueue_card_update(session, campaign, locale, now)  # the card at the top of the channel says so too
    campaign.next_event_at = following.fire_at if following and campaign.status in EVENTFUL_CAMPAIGN else None
    return enqueued


def _review(services: Services, session: Session, campaign: Campaign, key: str, now: datetime) -> int:
    """The evaluation report, even after downtime: unlike a reminder it is as useful late as on time. A campaign
    that never ran (or was closed by hand first) has nothing to review."""
    if campaign.status != Status.EVALUATING:
        return 0
    package = gather_review(session=session, campaign=campaign, now=now)
    added = enqueue_review(session, package, key=key, locale=channel_locale(services, campaign), now=now,
                           name_of=services.directory.name)
    return added


run = DuePass(name="campaign_events", fetch=claim_due, advance=advance, readers=readers, batch=100)
