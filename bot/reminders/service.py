"""When a campaign's reminders fire: its settings saved, and every next fire time of the campaign kept right after a
change (dates, zone or settings). The caller owns the transaction."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from bot.campaigns.rules.reminders import ReminderSettings
from bot.campaigns.service import audit
from bot.campaigns.service.campaigns import live_campaign
from bot.campaigns.service.scheduling import (
    schedule_campaign,
    schedule_milestone,
    schedule_reporter,
    schedule_summary,
)
from bot.feedback.service.timing import reschedule_open as reschedule_complaints
from bot.kernel import policy
from bot.kernel.errors import NotAllowed, UserRef
from bot.pace.rules.anomalies import AnomalySettings
from bot.pace.rules.pace import PhaseWeights
from bot.readiness.service import checklist as checklist_service
from bot.tasks.service.scheduling import schedule_task
from storage.models import Campaign
from storage.repositories import reports as report_repo
from storage.repositories import tasks as task_repo


def update_reminder_settings(
    *, session: Session, campaign_id: int, settings: ReminderSettings, actor: policy.Actor, now: datetime,
    alerts: AnomalySettings | None = None, weights: PhaseWeights | None = None, country: str | None = None,
) -> Campaign:
    """`country`: whose public holidays count, as the campaign stores it (None: the time zone's; '': none)."""
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id, for_update=True)
    if not policy.can_edit_campaign(actor, campaign):
        raise NotAllowed("reminders.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    names = ("reminder_settings", "anomaly_settings", "pace_weights", "country")
    before = {name: getattr(campaign, name) for name in names}
    campaign.country = country
    plain = replace(settings, country=None)  # the country lives in its own column
    campaign.reminder_settings = None if plain == ReminderSettings() else plain.dump()
    if alerts is not None:
        campaign.anomaly_settings = None if alerts == AnomalySettings() else alerts.dump()
    campaign.pace_weights = weights.dump() if weights else None
    old, new = audit.changes(before, {name: getattr(campaign, name) for name in names})
    if new:
        audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="settings",
                     object_id=campaign.id, action="changed", before=old, after=new)
    campaign.updated_at = now
    reschedule_everything(session=session, campaign=campaign, now=now)
    return campaign


def reschedule_everything(*, session: Session, campaign: Campaign, now: datetime) -> None:
    """Dates, time zone or reminder settings changed: every next fire time of the campaign is recomputed."""
    schedule_campaign(campaign, now)
    schedule_summary(campaign, now)
    for reporter in report_repo.reporters(session=session, campaign_id=campaign.pk):
        schedule_reporter(reporter, campaign, now)
    for task in task_repo.active_tasks_of_campaign(session=session, campaign_id=campaign.pk):
        schedule_task(task, campaign, now)
    for milestone in task_repo.milestones_of_campaign(session=session, campaign_id=campaign.pk):
        schedule_milestone(milestone, campaign, now)
    reschedule_complaints(session=session, campaign=campaign)
    checklist_service.reschedule(session, campaign, now)
