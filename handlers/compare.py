"""`/campaign compare A B`: two campaigns side by side, privately, in the acknowledgement."""

from __future__ import annotations

import shlex
from typing import Any

from slack_bolt import Ack

from bot.blocks.compare_blocks import compare_blocks, compare_fallback
from bot.errors import InvalidInput
from bot.services import Services
from bot.usecases import compare_service
from handlers.forms import actor_of

# People type names with the quotes their keyboard gives them; all of these pair up like ASCII double quotes.
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "「": '"', "」": '"', "『": '"', "』": '"',
                         "＂": '"'})


def candidate_pairs(text: str) -> list[tuple[str, str]]:
    """The ways `text` names two campaigns: quotes decide when present; without quotes, every split between
    words is a candidate (the caller keeps the one that names two campaigns). Raises InvalidInput."""
    text = text.translate(_QUOTES).strip()
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.quotes = '"'  # apostrophes are part of names ("Women's Day"), never quotes
    lexer.escape = ""
    lexer.commenters = ""  # "#12" is a campaign id, not a comment
    try:
        words = list(lexer)
    except ValueError:
        raise InvalidInput("compare.unbalanced", text=text) from None
    if len(words) < 2:
        raise InvalidInput("compare.usage")
    if len(words) == 2:
        return [(words[0], words[1])]
    if '"' in text:
        raise InvalidInput("compare.usage")
    return [(" ".join(words[:cut]), " ".join(words[cut:])) for cut in range(1, len(words))]


def compare_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py)"""
    pairs = candidate_pairs(rest)
    first, second = compare_service.compare(services, actor=actor_of(services, command), pairs=pairs, text=rest)
    ack(text=compare_fallback(first, second, locale), blocks=compare_blocks(first, second, locale))
