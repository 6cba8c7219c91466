"""Reading a campaign's reminder settings from what the owner typed. Pure; errors are FieldErrors."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

from bot.campaigns.rules import holidays as public_holidays
from bot.campaigns.rules.reminders import ReminderSettings
from bot.imports.rules import DueDateError, parse_due_near
from bot.kernel.forms import FieldError
from bot.pace.rules.anomalies import AnomalySettings
from bot.pace.rules.pace import EXECUTION_PHASES, PhaseWeights

MAX_DAYS_BEFORE = 30
MAX_COMPLAINT_HOURS = 720  # 30 days
MAX_GRACE_HOURS = 72
MAX_HOLIDAYS = 100
_SEPARATORS = re.compile(r"[\s,，;；、]+")


@dataclass(frozen=True)
class ReminderForm:
    reminder_hour: str
    days_before_due: str
    days_before_milestone: str
    grace_hours: str
    tell_owner_after_overdue_days: str
    skip_weekends: bool
    holidays: str
    alert_threshold: str = "20"  # percent behind pace that opens an incident
    report_hour: str = "17"
    summary_hour: str = "21"
    pace_weights: str = ""  # "15/60/25": warm-up / burst / long-tail shares of each target; empty: linear
    country: str = public_holidays.FROM_TIME_ZONE  # whose public holidays count: auto, none or an ISO code
    # An open complaint's response time before the owner is told; blank (a form without the field) keeps it.
    complaint_hours: str = ""


@dataclass(frozen=True)
class CampaignTiming:
    """What the Reminders & alerts modal sets on a campaign."""

    reminders: ReminderSettings
    alerts: AnomalySettings
    weights: PhaseWeights | None
    country: str | None = None  # as the campaign stores it: None follows the time zone, "" is none


def alerts_with_threshold(current: AnomalySettings, percent: int) -> AnomalySettings:
    """A new deviation threshold; the severity tiers above it move up with it when it passes them."""
    threshold = Decimal(percent) / 100
    moderate = max(current.moderate, threshold)
    return replace(current, threshold=threshold, moderate=moderate, severe=max(current.severe, moderate))


def form_of(settings: ReminderSettings, alerts: AnomalySettings, weights: PhaseWeights | None,
            country: str | None = None) -> ReminderForm:
    """`country`: the campaign's stored choice (None: from the time zone)."""
    return ReminderForm(
        country=public_holidays.choice_of(country),
        pace_weights="/".join(format(weight.normalize(), "f") for weight in weights.as_mapping().values())
        if weights else "",
        alert_threshold=str(int(alerts.threshold * 100)),
        report_hour=str(settings.report_hour),
        summary_hour=str(settings.summary_hour),
        reminder_hour=str(settings.reminder_hour),
        days_before_due=", ".join(str(days) for days in settings.days_before_due),
        days_before_milestone=", ".join(str(days) for days in settings.days_before_milestone),
        grace_hours=str(settings.grace_hours),
        tell_owner_after_overdue_days=str(settings.tell_owner_after_overdue_days),
        skip_weekends=settings.skip_weekends,
        holidays="\n".join(day.isoformat() for day in settings.holidays),
        complaint_hours=str(settings.complaint_response_hours),
    )


def read_reminder_form(
    form: ReminderForm, *, start: date, end: date, zone: ZoneInfo, current: ReminderSettings,
    alerts: AnomalySettings,
) -> tuple[CampaignTiming | None, list[FieldError]]:
    errors: list[FieldError] = []
    weights = _weights(form.pace_weights, errors)
    report_hour = _whole(form.report_hour, "report_hour", 0, 23, errors)
    summary_hour = _whole(form.summary_hour, "summary_hour", 0, 23, errors)
    threshold = _whole(form.alert_threshold.strip().rstrip("%％"), "alert_threshold", 5, 90, errors)
    hour = _whole(form.reminder_hour, "reminder_hour", 0, 23, errors)
    before_due = _days(form.days_before_due, "days_before_due", errors)
    before_milestone = _days(form.days_before_milestone, "days_before_milestone", errors)
    grace = _whole(form.grace_hours, "grace_hours", 1, MAX_GRACE_HOURS, errors)
    tell_after = _whole(form.tell_owner_after_overdue_days, "tell_owner_after", 1, MAX_DAYS_BEFORE, errors)
    holidays = _holidays(form.holidays, start=start, end=end, zone=zone, errors=errors)
    country = _country(form.country, errors)
    complaint_hours = (_whole(form.complaint_hours, "complaint_hours", 1, MAX_COMPLAINT_HOURS, errors)
                       if form.complaint_hours.strip() else current.complaint_response_hours)
    if errors:
        return None, errors
    assert hour is not None and grace is not None and tell_after is not None and threshold is not None
    assert report_hour is not None and summary_hour is not None and complaint_hours is not None
    settings = replace(
        current, report_hour=report_hour, summary_hour=summary_hour, reminder_hour=hour, days_before_due=before_due,
        days_before_milestone=before_milestone, grace_hours=grace, tell_owner_after_overdue_days=tell_after,
        skip_weekends=form.skip_weekends, holidays=holidays, complaint_response_hours=complaint_hours,
    )
    return CampaignTiming(settings, alerts_with_threshold(alerts, threshold), weights, country), []


def _country(choice: str, errors: list[FieldError]) -> str | None:
    choice = choice.strip() or public_holidays.FROM_TIME_ZONE
    if choice not in (public_holidays.FROM_TIME_ZONE, public_holidays.NO_COUNTRY) and \
            not public_holidays.supported(choice):
        errors.append(FieldError("holiday_country", "reminders.error.country"))
        return None
    return public_holidays.stored_choice(choice)


def _weights(text: str, errors: list[FieldError]) -> PhaseWeights | None:
    parts = [part for part in re.split(r"[\s/,，、:：]+", text.strip().replace("%", "")) if part]
    if not parts:
        return None
    try:
        if len(parts) != len(EXECUTION_PHASES):
            raise ValueError
        return PhaseWeights.from_mapping(dict(zip(EXECUTION_PHASES, (Decimal(part) for part in parts), strict=True)))
    except (ValueError, ArithmeticError, TypeError):
        errors.append(FieldError("pace_weights", "reminders.error.pace_weights"))
        return None


def _whole(text: str, field: str, low: int, high: int, errors: list[FieldError]) -> int | None:
    text = text.strip()
    if not text.isdigit() or not low <= int(text) <= high:
        errors.append(FieldError(field, "reminders.error.range", {"low": low, "high": high}))
        return None
    return int(text)


def _days(text: str, field: str, errors: list[FieldError]) -> tuple[int, ...]:
    parts = [part for part in _SEPARATORS.split(text.strip()) if part]
    if not all(part.isdigit() and 1 <= int(part) <= MAX_DAYS_BEFORE for part in parts):
        errors.append(FieldError(field, "reminders.error.days", {"high": MAX_DAYS_BEFORE}))
        return ()
    return tuple(sorted({int(part) for part in parts}, reverse=True))


def _holidays(text: str, *, start: date, end: date, zone: ZoneInfo, errors: list[FieldError]) -> tuple[date, ...]:
    days: set[date] = set()
    for part in (part for part in re.split(r"[\n,，;；、]+", text) if part.strip()):
        try:
            days.add(parse_due_near(part.strip(), start=start, end=end, tz=zone).date())
        except DueDateError:
            errors.append(FieldError("holidays", "reminders.error.holiday", {"text": part.strip()}))
            return ()
    if len(days) > MAX_HOLIDAYS:
        errors.append(FieldError("holidays", "reminders.error.too_many_holidays", {"limit": MAX_HOLIDAYS}))
        return ()
    return tuple(sorted(days))
