"""The daily report modal and the reporters & sources modal."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    CheckboxesElement,
    ContextBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    UserMultiSelectElement,
)
from slack_sdk.models.views import View as SlackView

from bot.kernel.blockkit.inputs import SubmittedState, date_input, input_block, modal, select_input, text_input
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, truncate
from bot.kernel.forms import FieldError
from bot.kernel.i18n import t
from bot.kernel.ids import INPUT, Field
from bot.kernel.ids import View as ViewId
from bot.kernel.numbers import plain_amount
from bot.plan.rules.budget_lines import BudgetLine
from bot.plan.rules.source_plan import split_sources
from bot.reports.rules.form import COUNT_FIELDS, FEEDBACK_MAX, MONEY_FIELDS, FeedbackType, ReportForm

CONFIRM = "confirm"
FIGURE_INPUTS: tuple[Field, ...] = (
    Field.EXPOSURE, Field.CLICKS, Field.PARTICIPANTS, Field.CONVERSIONS, Field.SALES, Field.SPEND,
)
# Asked only when the campaign's targets need them (`extra`, bot.plan.rules.targets.needed_figures); read when present.
OPTIONAL_INPUTS: tuple[Field, ...] = (Field.NEW_CUSTOMERS, Field.NEW_MEMBERS, Field.BRAND_SEARCHES,
                                      Field.REPEAT_BUYERS)


def report_modal(
    *, campaign_name: str, sources: list[str], form: ReportForm, metadata: str, locale: str | None,
    warnings: list[str] | None = None, extra: Sequence[str] = (),
) -> SlackView:
    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(
        text=truncate(t("reports.modal.intro", locale, name=escape(campaign_name)), SECTION_TEXT_LIMIT)
    )])]
    if warnings:
        text = "\n".join(f"⚠️ {warning}" for warning in warnings)
        blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT))))
        confirm = Option(value=CONFIRM, text=truncate(t("reports.confirm.option", locale), 75))
        blocks.append(input_block(Field.CONFIRM_FIGURES, t("reports.confirm.label", locale),
                                  CheckboxesElement(action_id=INPUT, options=[confirm])))
    blocks.append(input_block(Field.REPORT_DAY, t("reports.field.day", locale), date_input(form.day),
                              hint=t("reports.field.day.hint", locale)))
    blocks.append(input_block(Field.REPORT_SOURCE, t("reports.field.source", locale),
                              select_input([(name, truncate(name, 75)) for name in sources],
                                           initial=form.source or sources[0])))
    hints = {Field.EXPOSURE: "reports.field.count.hint", Field.SALES: "reports.field.money.hint"}
    for field in (*FIGURE_INPUTS, *(field for field in OPTIONAL_INPUTS if field.value in extra)):
        hint = t(hints[field], locale) if field in hints else None
        blocks.append(input_block(field, t(f"reports.field.{field.value}", locale),
                                  text_input(initial=form.figures.get(field.value), max_length=40), optional=True,
                                  hint=hint))
    lines = [(line.value, t(f"plan.budget.line.{line.value}", locale)) for line in BudgetLine]
    blocks.append(input_block(Field.REPORT_BUDGET_LINE, t("plan.budget.report_field", locale),
                              select_input(lines, initial=form.budget_line), optional=True,
                              hint=t("plan.budget.report_field.hint", locale)))
    blocks.append(input_block(Field.FEEDBACK, t("reports.field.feedback", locale),
                              text_input(initial=form.feedback, multiline=True, max_length=FEEDBACK_MAX),
                              optional=True))
    types = [(kind.value, t(f"reports.feedback.{kind.value}", locale)) for kind in FeedbackType]
    blocks.append(input_block(Field.FEEDBACK_TYPE, t("reports.field.feedback_type", locale),
                              select_input(types, initial=form.feedback_type), optional=True))
    return modal(
        ViewId.DAILY_REPORT, locale, title_key="reports.modal.title", metadata=metadata,
        blocks=blocks,
    )


def report_picker(choices: list[tuple[str, str]], locale: str | None) -> SlackView:
    """Which campaign to report for, when a person reports for several: (campaign id, name) options; none: a note
    saying so."""
    if not choices:
        return modal(ViewId.PICK_REPORT_CAMPAIGN, locale, title_key="home.report.title", submit_key=None,
                     blocks=[ContextBlock(elements=[MarkdownTextObject(text=t("home.report.none", locale))])])
    options = [(value, truncate(name, 75)) for value, name in choices]
    return modal(ViewId.PICK_REPORT_CAMPAIGN, locale, title_key="home.report.title", submit_key="home.report.next",
                 blocks=[input_block(Field.REPORT_CAMPAIGN, t("home.report.pick", locale), select_input(options))])


def read_report_form(view: dict[str, Any]) -> ReportForm:
    state = SubmittedState(view)
    return ReportForm(
        day=state.date(Field.REPORT_DAY),
        source=state.option(Field.REPORT_SOURCE),
        figures={field.value: state.text(field) for field in (*FIGURE_INPUTS, *OPTIONAL_INPUTS)},
        feedback=state.text(Field.FEEDBACK),
        feedback_type=state.option(Field.FEEDBACK_TYPE),
        confirmed=CONFIRM in state.checked(Field.CONFIRM_FIGURES),
        budget_line=state.option(Field.REPORT_BUDGET_LINE),
    )


def blank_report(day: date, source: str) -> ReportForm:
    return ReportForm(day=day, source=source, figures={name: "" for name in (*COUNT_FIELDS, *MONEY_FIELDS)})


def saved_report(day: date, source: str, saved: dict[str, object]) -> ReportForm:
    """A report already saved, as its form shows it again: each figure as a person would have typed it."""
    figures = {name: "" if saved.get(name) is None else plain_amount(Decimal(str(saved[name])))
               for name in (*COUNT_FIELDS, *MONEY_FIELDS)}
    feedback = saved.get("feedback")
    return ReportForm(day=day, source=source, figures=figures, feedback=str(feedback or ""),
                      feedback_type=_text_or_none(saved.get("feedback_type")),
                      budget_line=_text_or_none(saved.get("budget_line")))


def _text_or_none(value: object) -> str | None:
    return str(value) if value else None


def warning_texts(warnings: list[FieldError], locale: str | None) -> list[str]:
    return [t(warning.key, locale, **warning.params) for warning in warnings]


def reporting_modal(*, reporter_ids: list[str], sources: list[str], metadata: str, locale: str | None) -> SlackView:
    return modal(
        ViewId.REPORTING_SETUP, locale, title_key="reports.setup.title", metadata=metadata,
        blocks=[
            input_block(Field.REPORTERS, t("reports.setup.reporters", locale),
                        UserMultiSelectElement(action_id=INPUT, initial_users=reporter_ids or None), optional=True,
                        hint=t("reports.setup.reporters.hint", locale)),
            input_block(Field.SOURCES, t("reports.setup.sources", locale),
                        text_input(initial="\n".join(sources), multiline=True, max_length=2000), optional=True,
                        hint=t("reports.setup.sources.hint", locale)),
        ],
    )


def read_reporting(view: dict[str, Any]) -> tuple[list[str], list[str]]:
    values = view.get("state", {}).get("values", {})
    users = values.get(Field.REPORTERS, {}).get(INPUT, {}).get("selected_users") or []
    text = SubmittedState(view).text(Field.SOURCES)
    # A comma inside an amount (¥150,000) is not a new source.
    return list(users), split_sources(text)
