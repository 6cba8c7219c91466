"""When reminders, nudges and lifecycle announcements fire. Pure functions of dates, zones and settings.

Every schedule is a sequence of `Stage`s in time order; the scheduler keeps only the next fire time in the
database (`next_reminder_at`, `next_event_at`) and asks here what that moment means and what comes after.
Each stage has a key that names it for good (the due date or day is part of it), so a moved due date gets
fresh reminders while a repeated pass never sends the same stage twice.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.campaigns.rules import holidays as public_holidays

REVIEW_HOUR = 10  # campaign time, the day after the end date
OVERDUE_NUDGE_LIMIT = 30  # a month of daily nudges is plenty; the owner has been told long before


@dataclass(frozen=True)
class ReminderSettings:
    """The defaults, in one place; a campaign stores only what it changes."""

    reminder_hour: int = 9  # local time of every reminder and nudge
    days_before_due: tuple[int, ...] = (3, 1)  # plus the morning of the due day
    days_before_milestone: tuple[int, ...] = (3, 1)
    grace_hours: int = 12  # a moment missed by more than this is skipped, not sent late
    tell_owner_after_overdue_days: int = 1
    skip_weekends: bool = True  # for nudges
    holidays: tuple[date, ...] = field(default_factory=tuple)
    report_hour: int = 17  # daily report prompt, in each reporter's time zone
    report_nudge_hours: int = 2  # one nudge this long after the prompt, to those who have not reported
    summary_hour: int = 21  # daily summary in the campaign channel, campaign time
    complaint_response_hours: int = 24  # an open complaint older than this is escalated to the campaign owner
    # A person's night, in their own zone: what can wait is held for their morning digest (bot.digest).
    quiet_start_hour: int = 22
    quiet_end_hour: int = 8
    # The country whose public holidays (and China's adjusted working days) count; not stored in the settings'
    # JSON: the campaign keeps its choice in its own column and `settings_of` resolves it here.
    country: str | None = None

    @property
    def grace(self) -> timedelta:
        return timedelta(hours=self.grace_hours)

    def is_day_off(self, day: date) -> bool:
        """The owner's own days off, the country's public holidays, and weekends unless they are working days."""
        return day in self.holidays or public_holidays.is_day_off(self.country, day, skip_weekends=self.skip_weekends)

    def dump(self) -> str:
        data = asdict(self)
        del data["country"]
        data["holidays"] = [day.isoformat() for day in self.holidays]
        return json.dumps(data)

    @classmethod
    def load(cls, text: str | None) -> ReminderSettings:
        if not text:
            return cls()
        data = json.loads(text)
        defaults = cls()
        return replace(
            defaults,
            reminder_hour=int(data.get("reminder_hour", defaults.reminder_hour)),
            days_before_due=tuple(int(d) for d in data.get("days_before_due", defaults.days_before_due)),
            days_before_milestone=tuple(
                int(d) for d in data.get("days_before_milestone", defaults.days_before_milestone)
            ),
            grace_hours=int(data.get("grace_hours", defaults.grace_hours)),
            tell_owner_after_overdue_days=int(
                data.get("tell_owner_after_overdue_days", defaults.tell_owner_after_overdue_days)
            ),
            skip_weekends=bool(data.get("skip_weekends", defaults.skip_weekends)),
            holidays=tuple(date.fromisoformat(day) for day in data.get("holidays", [])),
            report_hour=int(data.get("report_hour", defaults.report_hour)),
            report_nudge_hours=int(data.get("report_nudge_hours", defaults.report_nudge_hours)),
            summary_hour=int(data.get("summary_hour", defaults.summary_hour)),
            complaint_response_hours=int(data.get("complaint_response_hours", defaults.complaint_response_hours)),
            quiet_start_hour=int(data.get("quiet_start_hour", defaults.quiet_start_hour)),
            quiet_end_hour=int(data.get("quiet_end_hour", defaults.quiet_end_hour)),
        )


def quiet_until(local: datetime, settings: ReminderSettings) -> datetime | None:
    """When the quiet hours that the local moment `local` falls in end (in its zone), or None when it is not a quiet
    hour. Quiet hours run from `quiet_start_hour` to `quiet_end_hour`, across midnight when the start is the later
    hour; the same hour twice means none."""
    start, end = settings.quiet_start_hour, settings.quiet_end_hour
    if start == end:
        return None
    hour = local.hour
    if start < end:
        return datetime.combine(local.date(), time(end), local.tzinfo) if start <= hour < end else None
    if hour >= start:
        return datetime.combine(local.date() + timedelta(days=1), time(end), local.tzinfo)
    return datetime.combine(local.date(), time(end), local.tzinfo) if hour < end else None


@dataclass(frozen=True)
class Stage:
    kind: str  # due_before, due_today, overdue, overdue_owner, milestone_before, milestone_today, …
    fire_at: datetime
    key: str
    days: int = 0  # days before (reminders) or overdue (nudges)
    on: date | None = None  # the campaign day a daily stage belongs to


def at_local(day: date, hour: int, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone)


def task_stages(task_id: int, due_at: datetime, zone: ZoneInfo, settings: ReminderSettings,
                ends: date | None = None) -> Iterator[Stage]:
    """Reminders before the due day, on its morning, then a nudge every working day while overdue, up to the
    campaign's last day `ends`: after it nobody is nudged any more, and the review lists what was left."""
    due_day = due_at.astimezone(zone).date()
    tag = f"task:{task_id}:{due_at.astimezone(ZoneInfo('UTC')).strftime('%Y%m%dT%H%M')}"
    for days in sorted(set(settings.days_before_due), reverse=True):
        if days > 0:
            yield Stage("due_before", at_local(due_day - timedelta(days=days), settings.reminder_hour, zone),
                        f"{tag}:due-{days}d", days)
    morning = at_local(due_day, settings.reminder_hour, zone)
    if morning < due_at:
        yield Stage("due_today", morning, f"{tag}:due-today")
    told_owner = False
    day = due_day
    for _ in range(OVERDUE_NUDGE_LIMIT):
        day = _next_working_day(day, settings)
        if ends is not None and day > ends:
            return
        nudge_at = at_local(day, settings.reminder_hour, zone)
        overdue_days = (day - due_day).days
        yield Stage("overdue", nudge_at, f"{tag}:overdue:{day.isoformat()}", overdue_days)
        if not told_owner and nudge_at - due_at >= timedelta(days=settings.tell_owner_after_overdue_days):
            told_owner = True
            yield Stage("overdue_owner", nudge_at, f"{tag}:overdue-owner", overdue_days)


def milestone_stages(milestone_id: int, on_date: date, zone: ZoneInfo, settings: ReminderSettings) -> Iterator[Stage]:
    tag = f"milestone:{milestone_id}:{on_date.isoformat()}"
    for days in sorted(set(settings.days_before_milestone), reverse=True):
        if days > 0:
            yield Stage("milestone_before", at_local(on_date - timedelta(days=days), settings.reminder_hour, zone),
                        f"{tag}:before-{days}d", days)
    yield Stage("milestone_today", at_local(on_date, settings.reminder_hour, zone), f"{tag}:today")
    # At midnight its day is over (it leaves the card's upcoming list); the next morning, still open, it is missed.
    yield Stage("milestone_over", at_local(on_date + timedelta(days=1), 0, zone), f"{tag}:over")
    yield Stage("milestone_missed", at_local(on_date + timedelta(days=1), settings.reminder_hour, zone),
                f"{tag}:missed")


@dataclass(frozen=True)
class CampaignDates:
    start: date
    end: date
    warmup_start: date | None
    burst_start: date | None
    longtail_start: date | None


def campaign_stages(
    campaign_id: int, dates: CampaignDates, zone: ZoneInfo, settings: ReminderSettings
) -> Iterator[Stage]:
    """Start (at midnight: the status moves to running), phase starts (at reminder time), end (the next midnight),
    then the review at REVIEW_HOUR that day, and the satisfaction question on the first working day after the end."""
    tag = f"campaign:{campaign_id}"
    events = [Stage("campaign_start", at_local(dates.start, 0, zone), f"{tag}:start:{dates.start.isoformat()}")]
    for kind, day in (("warmup", dates.warmup_start), ("burst", dates.burst_start), ("longtail", dates.longtail_start)):
        if day is not None:
            events.append(Stage(f"phase_{kind}", at_local(day, settings.reminder_hour, zone),
                                f"{tag}:phase-{kind}:{day.isoformat()}"))
    end_at = at_local(dates.end + timedelta(days=1), 0, zone)
    events.append(Stage("campaign_end", end_at, f"{tag}:end:{dates.end.isoformat()}"))
    # The review (复盘) waits for the morning after, so the last day's late reports are in.
    events.append(Stage("campaign_review", at_local(dates.end + timedelta(days=1), REVIEW_HOUR, zone),
                        f"{tag}:review:{dates.end.isoformat()}"))
    # The satisfaction question (满意度) with it, or on the first working day after the end if that is later.
    events.append(Stage("campaign_satisfaction", at_local(_next_working_day(dates.end, settings), REVIEW_HOUR, zone),
                        f"{tag}:satisfaction:{dates.end.isoformat()}"))
    yield from sorted(events, key=lambda stage: stage.fire_at)


def _campaign_days(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def reporter_stages(
    campaign_id: int, user_id: str, start: date, end: date, zone: ZoneInfo, settings: ReminderSettings
) -> Iterator[Stage]:
    """Each day of the campaign: the prompt at report time, then one nudge for those who have not reported."""
    nudge_after = timedelta(hours=settings.report_nudge_hours)
    for day in _campaign_days(start, end):
        prompt_at = at_local(day, settings.report_hour, zone)
        tag = f"report:{campaign_id}:{user_id}:{day.isoformat()}"
        yield Stage("report_prompt", prompt_at, f"{tag}:prompt", on=day)
        yield Stage("report_nudge", prompt_at + nudge_after, f"{tag}:nudge", on=day)


def summary_stages(
    campaign_id: int, start: date, end: date, zone: ZoneInfo, settings: ReminderSettings
) -> Iterator[Stage]:
    for day in _campaign_days(start, end):
        yield Stage("daily_summary", at_local(day, settings.summary_hour, zone),
                    f"summary:{campaign_id}:{day.isoformat()}", on=day)


def next_stage(stages: Iterator[Stage], after: datetime) -> Stage | None:
    """The first stage strictly after `after`."""
    return next((stage for stage in stages if stage.fire_at > after), None)


def due_stages(stages: Iterator[Stage], after: datetime, now: datetime) -> tuple[list[Stage], Stage | None]:
    """Stages in (after, now] and the first one after now."""
    due: list[Stage] = []
    for stage in stages:
        if stage.fire_at <= after:
            continue
        if stage.fire_at > now:
            return due, stage
        due.append(stage)
    return due, None


def _next_working_day(day: date, settings: ReminderSettings) -> date:
    day += timedelta(days=1)
    while settings.is_day_off(day):
        day += timedelta(days=1)
    return day
