"""Safe text for Slack: escaping user input and keeping within Slack's length limits.

`Mrkdwn` marks text that may go into mrkdwn as it is: escaped user input and the bot's own markup (mentions,
channel links). `safe_text(key, locale, **values)` is the one way a message with user values is put together:
every value that is not already `Mrkdwn` is escaped, so a caller cannot forget to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from bot.kernel.i18n import t

SECTION_TEXT_LIMIT = 3000
PLAIN_TEXT_LIMIT = 150  # buttons, headers and options
MODAL_TITLE_LIMIT = 24
MESSAGE_BLOCK_LIMIT = 50
FALLBACK_TEXT_LIMIT = 4000
ELLIPSIS = "…"


class Mrkdwn(str):
    """Text that is safe in mrkdwn as it is (never user input that was not escaped)."""

    __slots__ = ()


def escape(text: str) -> Mrkdwn:
    """Escape user-typed text for mrkdwn, so `<!channel>` or `<@U1>` in a campaign name pings nobody.
    NUL is dropped: Slack refuses it and PostgreSQL cannot store it."""
    if isinstance(text, Mrkdwn):
        return text
    return Mrkdwn(text.replace("\x00", "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def safe_text(key: str, locale: str | None, /, **values: Any) -> Mrkdwn:
    """The message `key` with every string value escaped unless it is `Mrkdwn` already (numbers pass as they are)."""
    return Mrkdwn(t(key, locale, **{name: escape(value) if isinstance(value, str) else value
                                    for name, value in values.items()}))


def join(separator: str, parts: Any) -> Mrkdwn:
    """Join safe pieces (mentions, escaped names) without losing their safety."""
    return Mrkdwn(separator.join(escape(part) for part in parts))


def truncate(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    if limit < len(ELLIPSIS):
        return ""
    cut = text[: limit - len(ELLIPSIS)]
    # Never cut an escape sequence such as `&amp;` in half: Slack would show the fragment. Only the last few
    # characters can be such a fragment; a raw `&` further back (plain text is not escaped) is left alone.
    amp = cut.rfind("&")
    if amp != -1 and len(cut) - amp < len("&amp;") and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + ELLIPSIS


def mention(user_id: str) -> Mrkdwn:
    return Mrkdwn(f"<@{escape(user_id)}>")


def owner_text(owner_id: str | None, locale: str | None) -> str:
    """Who owns a task, as a mention; a task imported without an owner says "Unassigned"."""
    return mention(owner_id) if owner_id else t("tasks.unassigned", locale)


def channel_link(channel_id: str) -> Mrkdwn:
    return Mrkdwn(f"<#{escape(channel_id)}>")


def fit_lines(head: str, lines: Sequence[str], more: Callable[[int], str], limit: int = SECTION_TEXT_LIMIT) -> str:
    """`head` and as many whole lines as fit in `limit` characters, ending with `more(hidden)` when some don't."""
    text = head
    for index, line in enumerate(lines):
        hidden = len(lines) - index - 1
        reserve = len(more(len(lines))) + 1 if hidden else 0
        if len(text) + 1 + len(line) + reserve > limit:
            return f"{text}\n{more(len(lines) - index)}"
        text = f"{text}\n{line}"
    return text
