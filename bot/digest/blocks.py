"""The morning digest (晨间摘要) in Slack: what waited out the reader's night, one section a message, in the words
each message was written in for them."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, ContextBlock, MarkdownTextObject, SectionBlock

from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, truncate
from bot.kernel.i18n import t

SHOWN = 40  # sections of held messages; Slack allows 50 blocks and the header and the count take two more
TEXT_SHOWN = 600  # of each held message: a digest is a glance, the campaign channel has the rest


def digest_blocks(texts: Sequence[str], locale: str | None) -> list[Block]:
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=t("digest.title", locale, count=len(texts))))]
    blocks += [SectionBlock(text=MarkdownTextObject(text=truncate(text, min(TEXT_SHOWN, SECTION_TEXT_LIMIT))))
               for text in texts[:SHOWN]]
    if len(texts) > SHOWN:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t("digest.more", locale,
                                                                       count=len(texts) - SHOWN))]))
    return blocks


def digest_fallback(count: int, locale: str | None) -> str:
    return t("digest.title", locale, count=count)
