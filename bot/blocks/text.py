"""Safe text for Slack: escaping user input and keeping within Slack's length limits."""

from __future__ import annotations

from collections.abc import Callable, Sequence

SECTION_TEXT_LIMIT = 3000
PLAIN_TEXT_LIMIT = 150  # buttons, headers and options
MODAL_TITLE_LIMIT = 24
MESSAGE_BLOCK_LIMIT = 50
FALLBACK_TEXT_LIMIT = 4000
ELLIPSIS = "…"


def escape(text: str) -> str:
    """Escape user-typed text for mrkdwn, so `<!channel>` or `<@U1>` in a campaign name pings nobody."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def mention(user_id: str) -> str:
    return f"<@{user_id}>"


def channel_link(channel_id: str) -> str:
    return f"<#{channel_id}>"


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
