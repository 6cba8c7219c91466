"""The satisfaction question (满意度) in the campaign channel, and what the review says of risks and satisfaction."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock

from bot.feedback.rules.satisfaction import SCORES, TOP, Tally
from bot.kernel import formatting
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import Action

TITLE_SHOWN = 200

Person = Callable[[str], str]
Safe = Callable[[str], str]


def question_fallback(name: str, locale: str | None) -> str:
    return t("feedback.satisfaction.question.fallback", locale, name=escape(name))


def question_blocks(*, campaign_id: int, name: str, answers: int, locale: str | None) -> list[Block]:
    """The question with 1–5 buttons; the count of answers (never who) below them."""
    count = (t("feedback.satisfaction.question.count", locale, count=answers) if answers
             else t("feedback.satisfaction.question.no_answers", locale))
    return [
        SectionBlock(block_id=f"satisfaction-{campaign_id}", text=MarkdownTextObject(
            text=truncate(t("feedback.satisfaction.question", locale, name=escape(name)), SECTION_TEXT_LIMIT))),
        ActionsBlock(block_id=f"satisfaction-buttons-{campaign_id}", elements=[
            ButtonElement(text=str(score), action_id=f"{Action.SATISFACTION_PREFIX.value}{score}",
                          value=str(campaign_id)) for score in SCORES]),
        ContextBlock(elements=[MarkdownTextObject(text=t("feedback.satisfaction.question.scale",
                                                         locale) + " · " + count)]),
    ]


def satisfaction_text(tally: Tally, locale: str | None) -> str:
    """`Satisfaction 4.2 / 5 from 6 answers`, or that nobody has answered yet."""
    if tally.average is None:
        return t("feedback.satisfaction.review.none", locale)
    return t("feedback.satisfaction.review.average", locale, average=formatting.number(tally.average, locale), top=TOP,
             count=tally.count)


