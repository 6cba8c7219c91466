"""The readiness list (准备清单): `/campaign checklist`, its Add item modal, the owner's reminder, the "Ready n/m"
line the campaign card, `/campaign status` and App Home show, and the start-day post's open items."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View as SlackView

from bot.kernel import formatting
from bot.kernel.blockkit.inputs import date_input, input_block, modal, text_input
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
from bot.kernel.ids import INPUT, Action, Field, View
from bot.readiness.rules import KNOWN_KEYS, TITLE_MAX, ChecklistLine, Readiness

HEAD_BLOCK = "checklist-head-{id}"
ITEM_BLOCK = "checklist-item-{id}"
ITEMS_SHOWN = MESSAGE_BLOCK_LIMIT - 5  # header, readiness, "…and N more", actions, room to spare
OPEN_ITEMS_SHOWN = 10  # in the start-day post


def item_title(line: ChecklistLine, locale: str | None) -> str:
    """A seeded item in the reader's language, an added one as typed (escaped for mrkdwn)."""
    if line.key in KNOWN_KEYS:
        return t(f"readiness.checklist.item.{line.key}", locale)
    return escape(line.title or "")


def readiness_text(readiness: Readiness, locale: str | None) -> str:
    return t("readiness.checklist.ready", locale, done=readiness.done, total=readiness.total)


def item_text(line: ChecklistLine, timezone: str, locale: str | None) -> str:
    title = truncate(item_title(line, locale), TITLE_MAX + 50)
    due = formatting.day(line.due, locale) if line.due else t("readiness.checklist.no_due", locale)
    if line.done and line.done_at is not None:
        return t("readiness.checklist.line.done", locale, title=title, owner=mention(line.owner_id),
                 actor=mention(line.done_by or line.owner_id), day=formatting.moment(line.done_at, timezone, locale))
    return t("readiness.checklist.line.open", locale, title=title, owner=mention(line.owner_id), due=due)


def item_section(line: ChecklistLine, timezone: str, locale: str | None, *, may_undo: bool = True) -> SectionBlock:
    if line.done:
        button = ButtonElement(text=t("readiness.checklist.button.undo", locale), action_id=Action.CHECKLIST_UNDO,
                               value=str(line.id)) if may_undo else None
    else:
        button = ButtonElement(text=t("readiness.checklist.button.done", locale), action_id=Action.CHECKLIST_DONE,
                               value=str(line.id), style="primary")
    return SectionBlock(block_id=ITEM_BLOCK.format(id=line.id), accessory=button,
                        text=MarkdownTextObject(text=truncate(item_text(line, timezone, locale), SECTION_TEXT_LIMIT)))


def checklist_blocks(campaign_id: int, name: str, timezone: str, lines: Sequence[ChecklistLine], locale: str | None,
                     *, may_add: bool) -> list[Block]:
    readiness = Readiness.of(lines)
    blocks: list[Block] = [
        HeaderBlock(block_id=HEAD_BLOCK.format(id=campaign_id),
                    text=truncate(t("readiness.checklist.title", locale, name=name), PLAIN_TEXT_LIMIT)),
        ContextBlock(elements=[MarkdownTextObject(text=readiness_text(readiness, locale))]),
    ]
    if not lines:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=t("readiness.checklist.empty", locale))))
    blocks += [item_section(line, timezone, locale) for line in lines[:ITEMS_SHOWN]]
    if len(lines) > ITEMS_SHOWN:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=t("readiness.checklist.more", locale, count=len(lines) - ITEMS_SHOWN))]))
    if may_add:
        blocks.append(ActionsBlock(block_id=f"checklist-actions-{campaign_id}", elements=[ButtonElement(
            text=t("readiness.checklist.button.add", locale), action_id=Action.CHECKLIST_ADD, value=str(campaign_id))]))
    return blocks


def checklist_fallback(name: str, readiness: Readiness, locale: str | None) -> str:
    return f"{t('readiness.checklist.title', locale, name=escape(name))} · {readiness_text(readiness, locale)}"


def reminder_text(line: ChecklistLine, campaign_name: str, locale: str | None) -> str:
    return t("readiness.checklist.reminder", locale, title=item_title(line, locale), campaign=escape(campaign_name),
             day=formatting.day(line.due, locale) if line.due else "")


def reminder_blocks(line: ChecklistLine, campaign_name: str, timezone: str, locale: str | None) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text=truncate(reminder_text(line, campaign_name, locale),
                                                               SECTION_TEXT_LIMIT))),
            item_section(line, timezone, locale)]


def open_items_text(lines: Sequence[ChecklistLine], locale: str | None) -> str:
    """For the start-day post: what is still not ready, or that everything is."""
    waiting = [line for line in lines if not line.done]
    if not lines:
        return ""
    if not waiting:
        return t("readiness.checklist.start.all_ready", locale, total=len(lines))
    shown = [t("readiness.checklist.start.line", locale, title=item_title(line, locale), owner=mention(line.owner_id))
             for line in waiting[:OPEN_ITEMS_SHOWN]]
    return fit_lines(t("readiness.checklist.start.open", locale, count=len(waiting), total=len(lines)), shown,
                     lambda hidden: t("readiness.checklist.more", locale, count=hidden))


def add_item_modal(metadata: str, owner_id: str, locale: str | None) -> SlackView:
    return modal(View.CHECKLIST_ITEM, locale, title_key="readiness.checklist.modal.title", metadata=metadata,
                 submit_key="readiness.checklist.modal.submit", blocks=[
                     input_block(Field.CHECKLIST_TITLE, t("readiness.checklist.field.title", locale),
                                 text_input(placeholder=t("readiness.checklist.field.title.placeholder", locale),
                                            max_length=TITLE_MAX)),
                     input_block(Field.CHECKLIST_OWNER, t("readiness.checklist.field.owner", locale),
                                 UserSelectElement(action_id=INPUT, initial_user=owner_id), optional=True),
                     input_block(Field.CHECKLIST_DUE, t("readiness.checklist.field.due", locale), date_input(),
                                 optional=True,
                                 hint=t("readiness.checklist.field.due.hint", locale)),
                 ])
