"""The reminder settings modal: when reminders fire for one campaign."""

from __future__ import annotations

from datetime import date
from typing import Any

from slack_sdk.models.blocks import CheckboxesElement, Option
from slack_sdk.models.views import View as SlackView

from bot.campaigns.rules import holidays as public_holidays
from bot.kernel import formatting
from bot.kernel.blockkit.inputs import SubmittedState, input_block, modal, select_input, text_input
from bot.kernel.blockkit.text import truncate
from bot.kernel.i18n import language_of, t
from bot.kernel.ids import INPUT, Field, View
from bot.reminders.rules import ReminderForm

WEEKENDS_OFF = "weekends_off"
HINT_LIMIT = 2000  # Slack's limit for an input's hint


def reminder_settings_modal(form: ReminderForm, metadata: str, locale: str | None, *, timezone: str,
                            window: tuple[date, date]) -> SlackView:
    """`timezone` and `window`: the campaign's, to name the time zone's country and list the public holidays
    the current choice brings into the campaign."""
    weekends = Option(value=WEEKENDS_OFF, text=t("reminders.skip_weekends.option", locale))
    return modal(
        View.REMINDER_SETTINGS, locale, title_key="reminders.title", metadata=metadata,
        blocks=[
            input_block(Field.REMINDER_HOUR, t("reminders.reminder_hour", locale),
                        text_input(initial=form.reminder_hour, max_length=2),
                        hint=t("reminders.reminder_hour.hint", locale)),
            input_block(Field.DAYS_BEFORE_DUE, t("reminders.days_before_due", locale),
                        text_input(initial=form.days_before_due, max_length=40), optional=True,
                        hint=t("reminders.days.hint", locale)),
            input_block(Field.DAYS_BEFORE_MILESTONE, t("reminders.days_before_milestone", locale),
                        text_input(initial=form.days_before_milestone, max_length=40), optional=True),
            input_block(Field.TELL_OWNER_AFTER, t("reminders.tell_owner_after", locale),
                        text_input(initial=form.tell_owner_after_overdue_days, max_length=2)),
            input_block(Field.GRACE_HOURS, t("reminders.grace_hours", locale),
                        text_input(initial=form.grace_hours, max_length=2),
                        hint=t("reminders.grace_hours.hint", locale)),
            input_block(Field.SKIP_WEEKENDS, t("reminders.skip_weekends", locale),
                        CheckboxesElement(action_id=INPUT, options=[weekends],
                                          initial_options=[weekends] if form.skip_weekends else None),
                        optional=True),
            input_block(Field.HOLIDAY_COUNTRY, t("reminders.country", locale),
                        select_input(_country_options(timezone, locale), initial=form.country),
                        hint=truncate(" ".join([t("reminders.country.hint", locale),
                                                *_calendar_note(form.country, timezone, window, locale)]),
                                      HINT_LIMIT)),
            input_block(Field.REPORT_HOUR, t("reminders.report_hour", locale),
                        text_input(initial=form.report_hour, max_length=2)),
            input_block(Field.SUMMARY_HOUR, t("reminders.summary_hour", locale),
                        text_input(initial=form.summary_hour, max_length=2)),
            input_block(Field.ALERT_THRESHOLD, t("reminders.alert_threshold", locale),
                        text_input(initial=form.alert_threshold, max_length=4),
                        hint=t("reminders.alert_threshold.hint", locale)),
            input_block(Field.COMPLAINT_HOURS, t("reminders.complaint_hours", locale),
                        text_input(initial=form.complaint_hours, max_length=4),
                        hint=t("reminders.complaint_hours.hint", locale)),
            input_block(Field.PACE_WEIGHTS, t("reminders.pace_weights", locale),
                        text_input(initial=form.pace_weights, max_length=40), optional=True,
                        hint=t("reminders.pace_weights.hint", locale)),
            input_block(Field.HOLIDAYS, t("reminders.holidays", locale),
                        text_input(initial=form.holidays, multiline=True, max_length=3000), optional=True,
                        hint=t("reminders.holidays.hint", locale)),
        ],
    )


def read_reminder_settings(view: dict[str, Any]) -> ReminderForm:
    state = SubmittedState(view)
    return ReminderForm(
        reminder_hour=state.text(Field.REMINDER_HOUR),
        days_before_due=state.text(Field.DAYS_BEFORE_DUE),
        days_before_milestone=state.text(Field.DAYS_BEFORE_MILESTONE),
        grace_hours=state.text(Field.GRACE_HOURS),
        tell_owner_after_overdue_days=state.text(Field.TELL_OWNER_AFTER),
        skip_weekends=WEEKENDS_OFF in state.checked(Field.SKIP_WEEKENDS),
        holidays=state.text(Field.HOLIDAYS),
        alert_threshold=state.text(Field.ALERT_THRESHOLD),
        report_hour=state.text(Field.REPORT_HOUR),
        summary_hour=state.text(Field.SUMMARY_HOUR),
        pace_weights=state.text(Field.PACE_WEIGHTS),
        country=state.option(Field.HOLIDAY_COUNTRY) or public_holidays.FROM_TIME_ZONE,
        complaint_hours=state.text(Field.COMPLAINT_HOURS),
    )


def _country_options(timezone: str, locale: str | None) -> list[tuple[str, str]]:
    zone_country = public_holidays.country_of_zone(timezone)
    automatic = (t("reminders.country.auto", locale, country=formatting.country_name(zone_country, locale))
                 if zone_country else t("reminders.country.auto.none", locale))
    named = sorted(((code, formatting.country_name(code, locale)) for code in public_holidays.COUNTRY_CHOICES
                    if public_holidays.supported(code)), key=lambda option: option[1])
    return [(public_holidays.FROM_TIME_ZONE, automatic),
            (public_holidays.NO_COUNTRY, t("reminders.country.none", locale)), *named]


def _calendar_note(choice: str, timezone: str, window: tuple[date, date], locale: str | None) -> list[str]:
    """What the current choice means for this campaign: its public holidays and working weekend days."""
    country = public_holidays.campaign_country(public_holidays.stored_choice(choice), timezone)
    days = public_holidays.holidays_between(country, *window, language_of(locale))
    working = public_holidays.working_weekend_days(country, *window)
    note = []
    if days:
        note.append(t("reminders.country.days_off", locale,
                      days=formatting.listing([f"{formatting.day(day, locale)} {name}" for day, name in days], locale)))
    if working:
        note.append(t("reminders.country.working_weekends", locale,
                      days=formatting.listing([formatting.day(day, locale) for day in working], locale)))
    return note
