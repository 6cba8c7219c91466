"""Chinese scripts through OpenCC, never through hand-written character tables.

- reading: what a person typed in either script is brought to Simplified before it is matched (`1.2萬` → `1.2万`);
- writing: a figure the bot composes (`120万`) is shown in the reader's script (`120萬`);
- checking: the Traditional catalogue must hold no Simplified-only character.
"""

from __future__ import annotations

from functools import cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Either script → Simplified characters (no change of wording), for matching what people type."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Simplified → Traditional characters in Taiwan's standard forms, without changing the wording."""
    return _converter("s2tw").convert(text)


def taiwan_draft(text: str) -> str:
    """Simplified → Traditional with Taiwan's phrases (数据 → 資料, 项目 → 專案): a translator's first draft."""
    return _converter("s2twp").convert(text)


def simplified_only(text: str) -> list[str]:
    """Characters of `text` that Traditional Chinese never writes.

    A character is Simplified-only when it is its own Simplified form yet OpenCC, reading the whole text with its
    phrase dictionaries, writes it differently in Traditional. Reading the whole text keeps characters that both
    scripts share in some words (里 in 里程碑, 台 in 平台) from being reported.
    """
    traditional = to_traditional(text)
    if len(traditional) != len(text):  # OpenCC's conversions keep the length; compare character by character
        return sorted({char for char in text if to_traditional(char) != char and to_simplified(char) == char})
    return sorted({
        char for char, converted in zip(text, traditional, strict=True)
        if converted != char and to_simplified(char) == char
    })
