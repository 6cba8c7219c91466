"""The reminder settings modal: when reminders fire for one campaign."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import CheckboxesElement, Option
from slack_sdk.models.views import View as SlackView

from bot.blocks.inputs import SubmittedState, input_block, modal, text_input
from bot.domain.reminder_settings_form import ReminderForm
from bot.i18n import t
from bot.ids import INPUT, Field, View

WEEKENDS_OFF = "weekends_off"


def reminder_settings_modal(form: ReminderForm, metadata: str, locale: str | None) -> SlackView:
    weekends = Option(value=WEEKENDS_OFF, text=t("settings.skip_weekends.option", locale))
    return modal(
        View.REMINDER_SETTINGS, locale, title_key="settings.title", metadata=metadata,
        blocks=[
            input_block(Field.REMINDER_HOUR, t("settings.reminder_hour", locale),
                        text_input(initial=form.reminder_hour, max_length=2),
                        hint=t("settings.reminder_hour.hint", locale)),
            input_block(Field.DAYS_BEFORE_DUE, t("settings.days_before_due", locale),
                        text_input(initial=form.days_before_due, max_length=40), optional=True,
                        hint=t("settings.days.hint", locale)),
            input_block(Field.DAYS_BEFORE_MILESTONE, t("settings.days_before_milestone", locale),
                        text_input(initial=form.days_before_milestone, max_length=40), optional=True),
            input_block(Field.TELL_OWNER_AFTER, t("settings.tell_owner_after", locale),
                        text_input(initial=form.tell_owner_after_overdue_days, max_length=2)),
            input_block(Field.GRACE_HOURS, t("settings.grace_hours", locale),
                        text_input(initial=form.grace_hours, max_length=2),
                        hint=t("settings.grace_hours.hint", locale)),
            input_block(Field.SKIP_WEEKENDS, t("settings.skip_weekends", locale),
                        CheckboxesElement(action_id=INPUT, options=[weekends],
                                          initial_options=[weekends] if form.skip_weekends else None),
                        optional=True),
            input_block(Field.REPORT_HOUR, t("settings.report_hour", locale),
                        text_input(initial=form.report_hour, max_length=2)),
            input_block(Field.SUMMARY_HOUR, t("settings.summary_hour", locale),
                        text_input(initial=form.summary_hour, max_length=2)),
            input_block(Field.ALERT_THRESHOLD, t("settings.alert_threshold", locale),
                        text_input(initial=form.alert_threshold, max_length=4),
                        hint=t("settings.alert_threshold.hint", locale)),
            input_block(Field.PACE_WEIGHTS, t("settings.pace_weights", locale),
                        text_input(initial=form.pace_weights, max_length=40), optional=True,
                        hint=t("settings.pace_weights.hint", locale)),
            input_block(Field.HOLIDAYS, t("settings.holidays", locale),
                        text_input(initial=form.holidays, multiline=True, max_length=3000), optional=True,
                        hint=t("settings.holidays.hint", locale)),
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
    )
