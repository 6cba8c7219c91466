"""Keep each row's next fire time right whenever something it depends on changes.

Called in the same transaction as the change (a task imported, reopened or moved; a milestone added; a
campaign approved or edited), so the scheduler's indexed `next_*_at <= now` query is all a pass needs.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.campaigns.rules.campaign import LIVE_STATUSES, Status
from bot.campaigns.rules.holidays import campaign_country
from bot.campaigns.rules.reminders import (
    CampaignDates,
    ReminderSettings,
    Stage,
    campaign_stages,
    milestone_stages,
    next_stage,
    reporter_stages,
    summary_stages,
)
from bot.kernel.slack import outbox
from storage.models import Campaign, CampaignReporter, Milestone

# Statuses in which the campaign's dates drive announcements; a draft waits for approval.
SCHEDULED_CAMPAIGN = frozenset({Status.APPROVED, Status.PREPARING, Status.RUNNING})
# Lifecycle events still to come: after the end, an evaluating campaign waits for its review.
EVENTFUL_CAMPAIGN = SCHEDULED_CAMPAIGN | {Status.EVALUATING}


def settings_of(campaign: Campaign) -> ReminderSettings:
    return replace(ReminderSettings.load(campaign.reminder_settings),
                   country=campaign_country(campaign.country, campaign.timezone))


def schedule_milestone(milestone: Milestone, campaign: Campaign, now: datetime) -> None:
    if campaign.status not in LIVE_STATUSES or milestone.id is None:
        milestone.next_reminder_at = None
        return
    stages = milestone_stages(milestone.id, milestone.on_date, ZoneInfo(campaign.timezone), settings_of(campaign))
    stage = next_stage(stages, now)
    milestone.next_reminder_at = stage.fire_at if stage else None


def campaign_dates(campaign: Campaign) -> CampaignDates:
    return CampaignDates(start=campaign.start_date, end=campaign.end_date, warmup_start=campaign.warmup_start,
                         burst_start=campaign.burst_start, longtail_start=campaign.longtail_start)


def schedule_campaign(campaign: Campaign, now: datetime) -> None:
    """Approved campaigns start from their first event, even one already past (a late approval still starts
    the campaign; the pass decides what is too old to announce). Running and evaluating campaigns continue
    after `now`."""
    if campaign.status not in EVENTFUL_CAMPAIGN or campaign.id is None:
        campaign.next_event_at = None
        return
    stages = campaign_stages(campaign.id, campaign_dates(campaign), ZoneInfo(campaign.timezone), settings_of(campaign))
    started = campaign.status in (Status.RUNNING, Status.EVALUATING)
    stage = next_stage(stages, now) if started else next(stages, None)
    campaign.next_event_at = stage.fire_at if stage else None


def schedule_reporter(reporter: CampaignReporter, campaign: Campaign, now: datetime) -> None:
    """Daily prompts and nudges, in the reporter's zone, for a campaign that is (or will be) running."""
    if campaign.status not in SCHEDULED_CAMPAIGN:
        reporter.next_prompt_at = None
        return
    zone = ZoneInfo(reporter.tz or campaign.timezone)
    stages = reporter_stages(campaign.pk, reporter.user_id, campaign.start_date, campaign.end_date, zone,
                             settings_of(campaign))
    stage = next_stage(stages, now)
    reporter.next_prompt_at = stage.fire_at if stage else None


def schedule_summary(campaign: Campaign, now: datetime) -> None:
    if campaign.status not in SCHEDULED_CAMPAIGN:
        campaign.next_summary_at = None
        return
    stages = summary_stages(campaign.pk, campaign.start_date, campaign.end_date, ZoneInfo(campaign.timezone),
                            settings_of(campaign))
    stage = next_stage(stages, now)
    campaign.next_summary_at = stage.fire_at if stage else None


def say_at_stage(
    session: Session, stage: Stage, settings: ReminderSettings, now: datetime, **message: Any
) -> int:
    """Enqueue the stage's message under its key; 1 when a message will go out now, 0 otherwise."""
    late = now - stage.fire_at > settings.grace
    added = outbox.enqueue(session, key=stage.key, now=now, skipped=late, **message)
    return int(added and not late)
