"""Complaints as items in Slack: the item card (Assign / Resolve) posted in the campaign channel, the Assign and
Resolve modals, the `/campaign feedback` list of open ones, and the words of the DMs about them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View as SlackView

from bot.feedback.rules.complaints import REPLY_MAX, ComplaintStatus, is_overdue
from bot.kernel import formatting
from bot.kernel.blockkit.inputs import SubmittedState, input_block, modal, text_input
from bot.kernel.blockkit.metadata import PRIVATE_METADATA_LIMIT, parse_id
from bot.kernel.blockkit.text import (
    MESSAGE_BLOCK_LIMIT,
    PLAIN_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    escape,
    mention,
    truncate,
)
from bot.kernel.i18n import t
from bot.kernel.ids import INPUT, Action, Field, View

TEXT_SHOWN = 1500  # of a complaint or a reply on the card
LISTED_TEXT = 300  # of a complaint in the list
LIST_MAX = (MESSAGE_BLOCK_LIMIT - 2) // 2  # two blocks an item, the title and a "more" note


class ItemLike(Protocol):
    id: int | None
    day: Any  # a date
    source: str
    reporter_id: str
    text: str
    status: str
    opened_at: datetime
    due_at: datetime
    escalated_at: datetime | None
    assignee_id: str | None
    reply: str | None
    resolved_by: str | None
    resolved_at: datetime | None


class CampaignLike(Protocol):
    name: str
    owner_id: str
    timezone: str


@dataclass(frozen=True)
class FeedbackModalMetadata:
    """private_metadata of the Assign and Resolve modals: which item (re-checked against the database)."""

    item_id: int

    def dump(self) -> str:
        text = json.dumps({"item_id": self.item_id}, separators=(",", ":"))
        assert len(text) <= PRIVATE_METADATA_LIMIT
        return text

    @classmethod
    def load(cls, text: str | None) -> FeedbackModalMetadata | None:
        try:
            data = json.loads(text or "")
        except json.JSONDecodeError:
            return None
        value = data.get("item_id") if isinstance(data, dict) else None
        item_id = parse_id(value) if isinstance(value, int) else None
        return cls(item_id) if item_id is not None else None


def quoted(text: str, limit: int = TEXT_SHOWN) -> str:
    return ">" + truncate(escape(text), limit).replace("\n", "\n>")


def _section(text: str, block_id: str | None = None) -> SectionBlock:
    return SectionBlock(block_id=block_id, text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT)))


def status_label(item: ItemLike, locale: str | None) -> str:
    return t(f"feedback.status.{item.status}", locale)


def assignee_text(item: ItemLike, locale: str | None) -> str:
    return mention(item.assignee_id) if item.assignee_id else t("feedback.unassigned", locale)


def buttons(item: ItemLike, locale: str | None) -> ActionsBlock | None:
    """Assign and Resolve while the complaint is open; a resolved or withdrawn one has nothing left to do."""
    if item.status != ComplaintStatus.OPEN:
        return None
    value = str(item.id)

    def button(key: str, action: Action, style: str | None = None) -> ButtonElement:
        return ButtonElement(text=truncate(t(key, locale), PLAIN_TEXT_LIMIT), action_id=action, value=value,
                             style=style)

    return ActionsBlock(block_id=f"feedback-{item.id}", elements=[
        button("feedback.button.assign", Action.FEEDBACK_ASSIGN),
        button("feedback.button.resolve", Action.FEEDBACK_RESOLVE, "primary"),
    ])


def item_card(item: ItemLike, campaign: CampaignLike, locale: str | None) -> list[Block]:
    """The complaint as the channel sees it, kept current (chat.update) as it is assigned, answered, escalated."""
    zone = campaign.timezone
    title = t("feedback.card.title", locale, id=item.id, name=escape(campaign.name), source=escape(item.source),
              day=formatting.day(item.day, locale))
    # One section with the words and their fields, so the item's buttons follow the block that quotes it.
    blocks: list[Block] = [SectionBlock(
        block_id=f"feedback-card-{item.id}",
        text=MarkdownTextObject(text=truncate(f"{title}\n{quoted(item.text)}", SECTION_TEXT_LIMIT)),
        fields=[
            MarkdownTextObject(text=f"*{t('feedback.card.status', locale)}*\n{status_label(item, locale)}"),
            MarkdownTextObject(text=f"*{t('feedback.card.assignee', locale)}*\n{assignee_text(item, locale)}"),
            MarkdownTextObject(text=f"*{t('feedback.card.reporter', locale)}*\n{mention(item.reporter_id)}"),
            MarkdownTextObject(text=f"*{t('feedback.card.due', locale)}*\n"
                                    f"{formatting.moment(item.due_at, zone, locale)}"),
        ],
    )]
    if item.status == ComplaintStatus.RESOLVED and item.reply:
        who = mention(item.resolved_by) if item.resolved_by else ""
        blocks.append(_section(f"{t('feedback.card.reply', locale, who=who)}\n{quoted(item.reply)}",
                               block_id=f"feedback-reply-{item.id}"))
    context = [t("feedback.card.opened", locale, when=formatting.moment(item.opened_at, zone, locale))]
    if item.resolved_at is not None and item.status == ComplaintStatus.RESOLVED:
        context.append(t("feedback.card.resolved", locale,
                         elapsed=formatting.duration(item.resolved_at - item.opened_at, locale)))
    if item.escalated_at is not None:
        context.append(t("feedback.card.escalated", locale, owner=mention(campaign.owner_id)))
    if item.status == ComplaintStatus.WITHDRAWN:
        context.append(t("feedback.card.withdrawn", locale))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=truncate(" · ".join(context), SECTION_TEXT_LIMIT))]))
    actions = buttons(item, locale)
    if actions is not None:
        blocks.append(actions)
    return blocks


def card_fallback(item: ItemLike, campaign: CampaignLike, locale: str | None) -> str:
    return truncate(t("feedback.card.fallback", locale, id=item.id, name=escape(campaign.name),
                      status=status_label(item, locale), text=escape(item.text)), 400)


def with_intro(text: str, card: list[Block]) -> list[Block]:
    """A DM: what it is about first, then the card so its buttons are at hand."""
    return [_section(text), *card]


def open_list(items: list[ItemLike], campaign: CampaignLike, now: datetime, locale: str | None) -> list[Block]:
    """`/campaign feedback`: the open complaints, longest waiting first, each with its age, assignee and buttons."""
    if not items:
        return [_section(t("feedback.list.none", locale, name=escape(campaign.name)))]
    blocks: list[Block] = [_section(t("feedback.list.title", locale, name=escape(campaign.name), count=len(items)))]
    for item in items[:LIST_MAX]:
        overdue = " ⚠️" if is_overdue(item.status, item.due_at, now) else ""
        line = t("feedback.list.item", locale, id=item.id, text=quoted(item.text, LISTED_TEXT),
                 source=escape(item.source), day=formatting.day(item.day, locale),
                 age=formatting.duration(max(now - item.opened_at, timedelta(0)), locale),
                 assignee=assignee_text(item, locale))
        blocks.append(_section(line + overdue, block_id=f"feedback-item-{item.id}"))
        actions = buttons(item, locale)
        if actions is not None:
            blocks.append(actions)
    if len(items) > LIST_MAX:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(
            text=t("feedback.list.more", locale, count=len(items) - LIST_MAX))]))
    return blocks


def assign_modal(item: ItemLike, metadata: str, locale: str | None) -> SlackView:
    picker = UserSelectElement(action_id=INPUT, initial_user=item.assignee_id or None)
    return modal(View.FEEDBACK_ASSIGN, locale, title_key="feedback.assign.title", metadata=metadata,
                 submit_key="feedback.assign.submit", blocks=[
                     _section(quoted(item.text, LISTED_TEXT)),
                     input_block(Field.FEEDBACK_ASSIGNEE, t("feedback.field.assignee", locale), picker,
                                 hint=t("feedback.field.assignee.hint", locale)),
                 ])


def resolve_modal(item: ItemLike, metadata: str, locale: str | None) -> SlackView:
    return modal(View.FEEDBACK_RESOLVE, locale, title_key="feedback.resolve.title", metadata=metadata,
                 submit_key="feedback.resolve.submit", blocks=[
                     _section(quoted(item.text, LISTED_TEXT)),
                     input_block(Field.FEEDBACK_REPLY, t("feedback.field.reply", locale),
                                 text_input(multiline=True, max_length=REPLY_MAX),
                                 hint=t("feedback.field.reply.hint", locale)),
                 ])


def read_assignee(view: dict[str, Any]) -> str | None:
    return SubmittedState(view).user(Field.FEEDBACK_ASSIGNEE)


def read_reply(view: dict[str, Any]) -> str:
    return SubmittedState(view).text(Field.FEEDBACK_REPLY)
