"""The review (复盘) message in the campaign channel, the Close outcome, and the lessons and budget-lines modals.

One section per part of the review, each within Slack's 3,000 characters (lines that do not fit become "…and
N more"); the whole message stays far below 50 blocks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)
from slack_sdk.models.views import View as SlackView

from bot.campaigns.rules.campaign import Status
from bot.kernel import formatting
from bot.kernel.blockkit.inputs import SubmittedState, input_block, modal, text_input
from bot.kernel.blockkit.text import (
    MESSAGE_BLOCK_LIMIT,
    PLAIN_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    escape,
    fit_lines,
    mention,
    truncate,
)
from bot.kernel.i18n import t
from bot.kernel.ids import Action, Field
from bot.kernel.ids import View as ViewId
from bot.kernel.numbers import plain_amount
from bot.plan.rules.budget_lines import BudgetLine, field_of
from bot.review.blocks.lines import review_sections, subtitle
from bot.review.rules import ReviewPackage
from bot.review.rules.lessons import LESSON_MAX

ACTIONS_BLOCK = "review-actions-{id}"
CONFIRM_TEXT_LIMIT = 300  # a confirmation dialog's text, per Block Kit


def review_fallback(package: ReviewPackage, locale: str | None) -> str:
    key = "review.fallback.final" if package.review.final else "review.fallback.so_far"
    return t(key, locale, name=escape(package.subject.name))


def review_blocks(package: ReviewPackage, locale: str | None) -> list[Block]:
    subject = package.subject
    blocks: list[Block] = [
        HeaderBlock(text=truncate(t("review.title", locale, name=subject.name), PLAIN_TEXT_LIMIT)),
        ContextBlock(elements=[MarkdownTextObject(text=truncate(subtitle(package, locale), SECTION_TEXT_LIMIT))]),
    ]
    for section in review_sections(package, locale, person=mention, safe=escape):
        text = fit_lines(f"*{section.title}*", section.lines, lambda hidden: t("review.more", locale, count=hidden))
        blocks.append(SectionBlock(block_id=f"review-{section.key}", text=MarkdownTextObject(text=text)))
    blocks.append(DividerBlock())
    open_to_lessons = subject.status in (Status.RUNNING, Status.EVALUATING)  # lessons and Close only then
    footer = t("review.footer" if open_to_lessons else "review.footer.files", locale)
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=footer)]))
    if open_to_lessons:
        blocks.append(review_actions(subject.campaign_id, subject.status, locale,
                                     open_incidents=subject.open_incidents, open_tasks=subject.open_tasks))
    assert len(blocks) <= MESSAGE_BLOCK_LIMIT
    return blocks


def review_actions(campaign_id: int, status: str, locale: str | None, *, open_incidents: int = 0,
                   open_tasks: int = 0) -> ActionsBlock:
    value = str(campaign_id)
    elements = [ButtonElement(text=t("review.button.lessons", locale), action_id=Action.OPEN_LESSONS, value=value)]
    if status == Status.EVALUATING:
        elements.append(ButtonElement(
            text=t("review.button.close", locale), action_id=Action.CLOSE_CAMPAIGN, value=value, style="danger",
            confirm=close_confirm(open_incidents, open_tasks, locale),
        ))
    return ActionsBlock(block_id=ACTIONS_BLOCK.format(id=campaign_id), elements=elements)


def close_confirm(open_incidents: int, open_tasks: int, locale: str | None) -> ConfirmObject:
    """Close is final, so it always asks; with work still open the dialog says how much, and Close anyway.

    The counts are those of when the review was built; the note posted on closing recounts."""
    parts = []
    if open_incidents:
        parts.append(t("review.close.confirm.incidents", locale, count=open_incidents))
    if open_tasks:
        parts.append(t("signoff.defaults.close.tasks", locale, count=open_tasks))
    if not parts:
        return ConfirmObject(title=t("review.close.confirm.title", locale), text=t("review.close.confirm.text", locale),
                             confirm=t("review.button.close", locale), deny=t("modal.cancel", locale))
    text = t("review.close.confirm.open", locale, what=formatting.listing(parts, locale))
    return ConfirmObject(title=t("review.close.confirm.title", locale), text=truncate(text, CONFIRM_TEXT_LIMIT),
                         confirm=t("review.button.close_anyway", locale), deny=t("modal.cancel", locale))


def closed_message(blocks: Sequence[dict[str, Any]], campaign_id: int, *, actor_id: str, locale: str | None
                   ) -> list[Block] | None:
    """The clicked review with its Close button replaced by who closed it; None when it is not that review."""
    target = ACTIONS_BLOCK.format(id=campaign_id)
    if not any(block.get("block_id") == target for block in blocks):
        return None
    closed = ContextBlock(block_id=target, elements=[MarkdownTextObject(
        text=t("review.closed.context", locale, actor=mention(actor_id)))])
    rebuilt: list[Block] = []
    for block in Block.parse_all(list(blocks)):
        if block is None:
            continue
        rebuilt.append(closed if block.block_id == target else block)
    return rebuilt


# --- modals ----------------------------------------------------------------------------------------------------

LESSON_FIELDS = (("worked", Field.LESSON_WORKED), ("fell_short", Field.LESSON_FELL_SHORT),
                 ("next_time", Field.LESSON_NEXT_TIME))


def lessons_modal(*, name: str, initial: Mapping[str, str], metadata: str, locale: str | None) -> SlackView:
    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(
        text=truncate(t("review.lessons.intro", locale, name=escape(name)), SECTION_TEXT_LIMIT))])]
    for part, field in LESSON_FIELDS:
        blocks.append(input_block(field, t(f"review.lessons.field.{part}", locale),
                                  text_input(initial=initial.get(part), multiline=True, max_length=LESSON_MAX),
                                  optional=True, hint=t(f"review.lessons.field.{part}.hint", locale)))
    return modal(ViewId.LESSONS, locale, title_key="review.lessons.title", metadata=metadata, blocks=blocks)


def read_lessons(view: dict[str, Any]) -> dict[str, str]:
    state = SubmittedState(view)
    return {part: state.text(field) for part, field in LESSON_FIELDS}


def budget_modal(*, name: str, budget: Decimal, reserve: Decimal, planned: Mapping[BudgetLine, Decimal],
                 metadata: str, locale: str | None) -> SlackView:
    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(text=truncate(
        t("plan.budget.intro", locale, name=escape(name), budget=formatting.money(budget, locale),
          reserve=formatting.money(reserve, locale)), SECTION_TEXT_LIMIT))])]
    for line in BudgetLine:
        amount = planned.get(line, reserve if line == BudgetLine.CONTINGENCY and not planned else None)
        blocks.append(input_block(field_of(line), t(f"plan.budget.field.{line.value}", locale),
                                  text_input(initial=plain_amount(amount) if amount is not None else None,
                                             max_length=40), optional=True,
                                  hint=t(f"plan.budget.field.{line.value}.hint", locale)))
    return modal(ViewId.BUDGET_LINES, locale, title_key="plan.budget.title", metadata=metadata, blocks=blocks)


def read_budget(view: dict[str, Any]) -> dict[BudgetLine, str]:
    state = SubmittedState(view)
    return {line: state.text(field_of(line)) for line in BudgetLine}
