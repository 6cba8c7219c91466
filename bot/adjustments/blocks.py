"""Cause & adjustment (原因与调整) in Slack: the incident card's button, its modal and reader, and the words of the
note in the card's thread, the owner's DM and task."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ContextBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View as SlackView

from bot.adjustments.rules import MOVABLE_LINES, TEXT_MAX, AdjustField, AdjustmentForm, Cause, CheckedAdjustment
from bot.kernel import formatting
from bot.kernel.blockkit.inputs import SubmittedState, date_input, input_block, modal, select_input, text_input
from bot.kernel.blockkit.metadata import PRIVATE_METADATA_LIMIT, parse_id
from bot.kernel.blockkit.text import PLAIN_TEXT_LIMIT, SECTION_TEXT_LIMIT, escape, mention, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import INPUT, View
from bot.pace.rules.subjects import Subject
from bot.plan.rules.budget_lines import BudgetLine

OPTION_TEXT_LIMIT = 75  # Slack's limit for a select option's text
OPTION_VALUE_LIMIT = 150
SUBJECT_OPTIONS_MAX = 100  # a multi-select holds at most 100 options
QUOTED = 600  # of what was typed, in the thread note and the DM


def cause_label(cause: str, locale: str | None) -> str:
    return t(f"adjustments.cause.{cause}", locale) if cause in {c.value for c in Cause} else escape(cause)


def line_label(line: str | None, locale: str | None) -> str:
    return t(f"plan.budget.line.{line}", locale) if line in {m.value for m in BudgetLine} else escape(line or "")


def subject_label(subject: Subject, locale: str | None, *, safe: bool = True, as_in_summary: bool = False) -> str:
    """`as_in_summary`: name the metric as the 21:00 summary's KPI lines do ("Exposure (曝光量)")."""
    metric = (t(f"reports.field.{subject.metric}", locale) if as_in_summary
              else t(f"campaigns.kpi.{subject.metric}", locale))
    if subject.source is None:
        return metric
    return t("adjustments.subject.source", locale, metric=metric,
             source=escape(subject.source) if safe else subject.source)


# --- the modal's private metadata --------------------------------------------------------------------------------

@dataclass(frozen=True)
class AdjustmentMetadata:
    """Which incident the modal is about, and whether it was opened by Resolve (saving then resolves it)."""

    incident_id: int | None = None
    resolve: bool = False

    def dump(self) -> str:
        text = json.dumps({"incident_id": self.incident_id, "resolve": self.resolve}, separators=(",", ":"))
        assert len(text) <= PRIVATE_METADATA_LIMIT
        return text

    @classmethod
    def load(cls, text: str | None) -> AdjustmentMetadata:
        try:
            data = json.loads(text or "{}")
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        raw = data.get("incident_id")
        return cls(incident_id=parse_id(raw) if isinstance(raw, int) else None, resolve=data.get("resolve") is True)


# --- the modal ---------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ModalContext:
    incident_id: int
    kind_label: str
    campaign_name: str
    responder_id: str
    subjects: Sequence[Subject]  # every KPI (and KPI on a source) that may be chosen
    chosen: Sequence[Subject]  # prefilled: what the incident names
    contingency_left: Decimal
    today: date
    resolving: bool = False


def adjustment_modal(context: ModalContext, metadata: str, locale: str | None) -> SlackView:
    intro_key = "adjustments.modal.intro.resolving" if context.resolving else "adjustments.modal.intro"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=truncate(
        t(intro_key, locale, id=context.incident_id, kind=context.kind_label, campaign=escape(context.campaign_name)),
        SECTION_TEXT_LIMIT)))]
    causes = [(cause.value, truncate(cause_label(cause, locale), OPTION_TEXT_LIMIT)) for cause in Cause]
    blocks += [
        input_block(AdjustField.CAUSE, t("adjustments.field.cause", locale), select_input(causes)),
        input_block(AdjustField.HAPPENED, t("adjustments.field.happened", locale),
                    text_input(multiline=True, max_length=TEXT_MAX,
                               placeholder=t("adjustments.field.happened.placeholder", locale))),
        input_block(AdjustField.ADJUSTMENT, t("adjustments.field.adjustment", locale),
                    text_input(multiline=True, max_length=TEXT_MAX,
                               placeholder=t("adjustments.field.adjustment.placeholder", locale))),
        input_block(AdjustField.OWNER, t("adjustments.field.owner", locale),
                    UserSelectElement(action_id=INPUT, initial_user=context.responder_id or None)),
        input_block(AdjustField.DUE, t("adjustments.field.due", locale), date_input(context.today)),
    ]
    options = [Option(value=s.value[:OPTION_VALUE_LIMIT], text=truncate(subject_label(s, locale, safe=False),
                                                                        OPTION_TEXT_LIMIT))
               for s in context.subjects[:SUBJECT_OPTIONS_MAX]]
    if options:
        initial = [option for option in options if Subject.parse(option.value or "") in set(context.chosen)]
        blocks.append(input_block(
            AdjustField.SUBJECTS, t("adjustments.field.subjects", locale),
            StaticMultiSelectElement(action_id=INPUT, options=options, initial_options=initial or None,
                                     placeholder=truncate(t("adjustments.field.subjects.placeholder", locale),
                                                          PLAIN_TEXT_LIMIT)),
            optional=True, hint=t("adjustments.field.subjects.hint", locale)))
    lines = [(line.value, truncate(t(f"plan.budget.line.{line.value}", locale), OPTION_TEXT_LIMIT))
             for line in MOVABLE_LINES]
    blocks += [
        input_block(AdjustField.EXTRA, t("adjustments.field.extra", locale), text_input(max_length=40), optional=True,
                    hint=t("adjustments.field.extra.hint", locale, left=formatting.money(context.contingency_left,
                                                                                         locale))),
        input_block(AdjustField.LINE, t("adjustments.field.line", locale),
                    select_input(lines, initial=BudgetLine.CHANNEL.value), optional=True),
    ]
    submit = "adjustments.modal.submit.resolving" if context.resolving else "adjustments.modal.submit"
    return modal(View.INCIDENT_ADJUSTMENT, locale, title_key="adjustments.modal.title", submit_key=submit,
                 metadata=metadata, blocks=blocks)


def read_adjustment(view: dict[str, Any]) -> AdjustmentForm:
    state = SubmittedState(view)
    return AdjustmentForm(
        cause=state.option(AdjustField.CAUSE), happened=state.text(AdjustField.HAPPENED),
        adjustment=state.text(AdjustField.ADJUSTMENT), owner_id=state.user(AdjustField.OWNER),
        due=state.date(AdjustField.DUE), subjects=tuple(sorted(state.checked(AdjustField.SUBJECTS))),
        extra=state.text(AdjustField.EXTRA), line=state.option(AdjustField.LINE),
    )


# --- what is said ------------------------------------------------------------------------------------------------

def _quote(text: str) -> str:
    return ">" + truncate(escape(text), QUOTED).replace("\n", "\n>")


def adjustment_text(checked: CheckedAdjustment, *, incident_id: int, actor_id: str, key: str, locale: str | None
                    ) -> str:
    """The note in the card's thread (`adjust.note`) or the owner's DM (`adjust.dm`): the same facts."""
    subjects = formatting.listing([subject_label(s, locale) for s in checked.subjects], locale)
    lines = [t(key, locale, actor=mention(actor_id), id=incident_id, owner=mention(checked.owner_id),
               due=formatting.day(checked.due, locale), cause=cause_label(checked.cause, locale)),
             f"*{t('adjustments.field.happened', locale)}*\n{_quote(checked.happened)}",
             f"*{t('adjustments.field.adjustment', locale)}*\n{_quote(checked.adjustment)}"]
    if subjects:
        lines.append(t("adjustments.note.subjects", locale, subjects=subjects))
    if checked.extra is not None and checked.line is not None:
        lines.append(t("adjustments.note.budget", locale, amount=formatting.money(checked.extra, locale),
                       line=line_label(checked.line, locale)))
    return truncate("\n".join(lines), SECTION_TEXT_LIMIT)


def adjustment_dm_blocks(text: str, locale: str | None) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text=text)),
            ContextBlock(elements=[MarkdownTextObject(text=t("adjustments.dm.task", locale))])]


def task_title(checked: CheckedAdjustment, incident_id: int, locale: str | None) -> str:
    return truncate(t("adjustments.task.title", locale, id=incident_id, adjustment=checked.adjustment.replace("\n",
                                                                                                              " ")),
                    1000)
