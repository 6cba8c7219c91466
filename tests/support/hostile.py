"""Hostile text for escaping tests, and the check that nothing of it reaches Slack's mrkdwn as markup."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

HOSTILE = (
    "<!channel> sale", "<@U1> hi", "<https://evil.example|click me>", "&lt;b&gt;", "*bold* _it_ ~x~ `c`",
    "<script>alert(1)</script>", "x" * 5000, "\u202eRTL override", "🎉 emoji 👍🏽", "nul\x00byte", "<#C123>",
    "a & b > c < d", "&amp;", "<!here|here>", "<!subteam^S1>",
)
# What the bot itself writes into mrkdwn: mentions of known users and channels, nothing else in angle brackets.
BOT_MARKUP = re.compile(r"<(?:@U_[A-Z0-9_]+|#C_[A-Z0-9_]+)>|^> ?", re.MULTILINE)  # mentions, block quotes
RAW_AMPERSAND = re.compile(r"&(?!amp;|lt;|gt;)")


def mrkdwn_texts(node: Any) -> Iterator[str]:
    """Every mrkdwn string in a Block Kit structure (dicts as `to_dict()` gives them)."""
    if isinstance(node, dict):
        if node.get("type") == "mrkdwn" and isinstance(node.get("text"), str):
            yield node["text"]
        for value in node.values():
            yield from mrkdwn_texts(value)
    elif isinstance(node, list):
        for value in node:
            yield from mrkdwn_texts(value)


def leaks(text: str) -> list[str]:
    """Markup in `text` that the bot did not write: an angle bracket or a raw ampersand from user input."""
    stripped = BOT_MARKUP.sub("", text)
    found = [char for char in "<>" if char in stripped]
    if RAW_AMPERSAND.search(stripped):
        found.append("&")
    return found


def assert_escaped(text: str, where: str = "") -> None:
    found = leaks(text)
    assert not found, f"unescaped {found} in {where or 'text'}: {text[:300]!r}"
