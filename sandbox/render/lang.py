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

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"
_HANT_REGIONS = ("tw", "hk", "mo", "hant")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")
_WORD = re.compile(r"[A-Za-z]+")
# English words a Chinese sentence does not borrow, unlike brand and source names (微信 WeChat).
_ENGLISH = {"a", "an", "the", "is", "are", "was", "of", "for", "in", "on", "at", "to", "by", "with", "from", "and",
            "or", "not", "you", "your", "i", "my", "it", "has", "have", "be", "this", "that", "today", "now"}
# Common characters whose simplified and traditional forms differ, to tell the two scripts apart.
_SIMPLIFIED_ONLY = set("们这个来时会对说为与体发书报务负责间数进据点击预计划"
                       "场动网络价钱题设备实现转门电视广营销开关际")
_TRADITIONAL_ONLY = set("們這個來時會對說為與體發書報務負責間數進據點擊預計劃"
                        "場動網絡價錢題設備實現轉門電視廣營銷開關際")


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
    traditional = sum(char in _TRADITIONAL_ONLY for char in text)
    simplified = sum(char in _SIMPLIFIED_ONLY for char in text)
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
