"""The language a message is written in, as an HTML `lang`, so a browser draws Chinese with Chinese glyphs.

Without a `lang`, a browser picks CJK glyph forms from its own locale or the first face of a font collection
(Noto Sans CJK's is Japanese), and 舆 or 骨 come out in their Japanese forms. The bot writes each direct or
ephemeral message in its reader's language, so that reader's locale decides; a channel message or a person's
own words are judged by their characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from bot.kernel.i18n.chinese import simplified_only, to_simplified

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"
_HANT_REGIONS = ("tw", "hk", "mo", "hant")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[A-Za-z]+")
# English words a Chinese sentence does not borrow, unlike brand and source names (微信 WeChat).
_ENGLISH = {"a", "an", "the", "is", "are", "was", "of", "for", "in", "on", "at", "to", "by", "with", "from", "and",
            "or", "not", "you", "your", "i", "my", "it", "has", "have", "be", "this", "that", "today", "now"}
def locale_lang(locale: str | None) -> str:
    """`zh-CN` → zh-Hans, `zh-TW` → zh-Hant, `en-US` → en."""
    parts = (locale or "en").replace("_", "-").lower().split("-")
    if parts[0] != "zh":
        return parts[0] or "en"
    return TRADITIONAL if any(part in _HANT_REGIONS for part in parts[1:]) else SIMPLIFIED


def text_lang(text: str, hint: str | None = None) -> str:
    """zh-… when Han characters carry the text (an English sentence that names a Chinese campaign stays en)."""
    han = len(_HAN.findall(text))
    english = sum(word.lower() in _ENGLISH for word in _WORD.findall(text))
    if han == 0 or english >= 2 or len(_LATIN.findall(text)) >= han:
        return "en"
    hinted = locale_lang(hint) if hint else None
    if hinted in (SIMPLIFIED, TRADITIONAL):
        return hinted
    # Which script the characters are in, as OpenCC reads them (never a hand-written character table).
    traditional = sum(to_simplified(char) != char for char in _HAN.findall(text))
    simplified = len(simplified_only(text))
    return TRADITIONAL if traditional > simplified else SIMPLIFIED


def blocks_text(blocks: Iterable[Any]) -> str:
    """Every text a message's blocks show, joined: what its language is judged by when it has no `text`."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if isinstance(value.get("text"), str) and value.get("type") in ("plain_text", "mrkdwn", "text"):
                found.append(value["text"])
            for key, item in value.items():
                if key not in ("action_id", "block_id", "value", "url", "image_url"):
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(list(blocks))
    return "\n".join(found)
