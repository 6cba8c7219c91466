"""A milestone's follow-through: its day's channel reminder with "Done" and "Missed", the same message once someone
has answered, and the note to its owner and the campaign's owner when it was missed."""

from __future__ import annotations

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock

from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, mention, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import Action
from bot.readiness.rules import MilestoneState

ACTIONS_BLOCK = "milestone-actions-{id}"


def milestone_day_blocks(text: str, milestone_id: int, owner_id: str | None, locale: str | None) -> list[Block]:
    """The reminder on its day: who answers for it, and the two buttons."""
    lines = [text]
    if owner_id:
        lines.append(t("readiness.milestone.owner.line", locale, owner=mention(owner_id)))
    value = str(milestone_id)
    return [
        SectionBlock(text=MarkdownTextObject(text=truncate("\n".join(lines), SECTION_TEXT_LIMIT))),
        ActionsBlock(block_id=ACTIONS_BLOCK.format(id=milestone_id), elements=[
            ButtonElement(text=t("readiness.milestone.button.done", locale), action_id=Action.MILESTONE_DONE,
                          value=value,
                          style="primary"),
            ButtonElement(text=t("readiness.milestone.button.missed", locale), action_id=Action.MILESTONE_MISSED,
                          value=value,
                          style="danger"),
        ]),
    ]


def milestone_answered_blocks(text: str, state: str, actor_id: str, locale: str | None) -> list[Block]:
    """The day's reminder after a click: its buttons replaced by who said what."""
    key = "readiness.milestone.marked.done" if state == MilestoneState.DONE else "readiness.milestone.marked.missed"
    return [
        SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT))),
        ContextBlock(elements=[MarkdownTextObject(text=t(key, locale, actor=mention(actor_id)))]),
    ]
