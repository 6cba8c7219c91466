"""`/campaign list` and `/campaign help` answers."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.card.blocks.card import CampaignLike
from bot.kernel import formatting
from bot.kernel.blockkit.text import (
    MESSAGE_BLOCK_LIMIT,
    PLAIN_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    channel_link,
    escape,
    mention,
    safe_text,
    truncate,
)
from bot.kernel.i18n import t

# Header + one section per campaign + the "more" note must stay within Slack's 50 blocks.
LIST_PAGE = MESSAGE_BLOCK_LIMIT - 2
HELP_TOPICS = ("new", "list", "status", "import", "tasks", "checklist", "report", "incident", "budget", "targets",
               "risks", "feedback", "summary", "compare", "export", "history", "language", "help", "aliases")


def campaign_list(campaigns: Sequence[CampaignLike], total: int, locale: str | None) -> list[Block]:
    if not campaigns:
        return [SectionBlock(text=MarkdownTextObject(text=t("card.list.empty", locale)))]
    blocks: list[Block] = [HeaderBlock(text=truncate(t("card.list.title", locale), PLAIN_TEXT_LIMIT))]
    for campaign in campaigns[:LIST_PAGE]:
        line = t(
            "card.list.line", locale,
            name=escape(campaign.name), id=campaign.id, status=t(f"campaigns.status.{campaign.status}", locale),
            dates=formatting.day_range(campaign.start_date, campaign.end_date, locale),
            owner=mention(campaign.owner_id), channel=channel_link(campaign.channel_id),
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate(line, SECTION_TEXT_LIMIT))))
    shown = min(len(campaigns), LIST_PAGE)
    if total > shown:
        more = t("card.list.more", locale, shown=shown, total=total)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=more)]))
    return blocks


def help_blocks(locale: str | None, *, unknown: str | None = None) -> list[Block]:
    intro = (
        t("card.help.unknown", locale, sub=escape(truncate(unknown,
                                                           40))) if unknown else f"*{t('card.help.title', locale)}*"
    )
    lines = "\n".join(t(f"card.help.{topic}", locale) for topic in HELP_TOPICS)
    return [
        SectionBlock(text=MarkdownTextObject(text=intro)),
        SectionBlock(text=MarkdownTextObject(text=lines)),
        ContextBlock(elements=[MarkdownTextObject(text=t("card.help.footer", locale))]),
    ]


def help_text(locale: str | None, *, unknown: str | None = None) -> str:
    intro = safe_text("card.help.unknown", locale, sub=truncate(unknown, 40)) if unknown else t("card.help.title",
                                                                                                locale)
    return intro + "\n" + "\n".join(t(f"card.help.{topic}", locale) for topic in HELP_TOPICS)
