"""Slack's mrkdwn as HTML, escaped throughout.

Slack text arrives with `&`, `<` and `>` escaped as entities; `<...>` sequences are links, mentions and
dates. The converter lifts those sequences and code spans out first (as placeholders), applies `*bold*`,
`_italic_` and `~strike~` to what is left, and HTML-escapes every piece of text it emits, so nothing a person
typed can become markup on the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from markupsafe import Markup, escape

_PLACEHOLDER_BASE = 0xE000  # Unicode private use area; stripped from input so text can't forge one
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_PLACEHOLDER = re.compile("[\ue000-\uf8ff]")
_CODE_BLOCK = re.compile(r"```\n?(.*?)```", re.S)
_INLINE = re.compile(r"`([^`\n]+)`|<([^<>\n]+)>")
_EMPHASIS = {
    "*": ("strong", re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")),
    "_": ("em", re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])")),
    "~": ("del", re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])")),
}
_BULLET = re.compile(r"^\s*(?:[•◦▪\-]|\d+[.)])\s+")
_QUOTE = re.compile(r"^(?:&gt;|>)\s?")
SAFE_SCHEMES = ("http://", "https://", "mailto:")
EMOJI = {"warning": "⚠️", "tada": "🎉", "white_check_mark": "✅", "x": "❌", "calendar": "📅", "bar_chart": "📊",
         "rotating_light": "🚨", "bell": "🔔", "memo": "📝", "fire": "🔥", "clock": "🕒", "star": "⭐"}
_EMOJI = re.compile(r":([a-z0-9_+\-]+):")


@dataclass
class TextContext:
    """What the reader's screen knows: names for ids, their time zone, and the sandbox's now."""

    user_name: Callable[[str], str | None] = lambda _id: None
    channel_name: Callable[[str], str | None] = lambda _id: None
    tz: str = "UTC"
    now: datetime = field(default_factory=lambda: datetime.now(UTC))


def unescape_slack(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def plain(text: str, *, emoji: bool = True) -> Markup:
    """A plain_text object: no formatting, only emoji codes."""
    shown = _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), text) if emoji else text
    return escape(shown)


def mrkdwn(text: str, ctx: TextContext) -> Markup:
    source = _PRIVATE_USE.sub("\ufffd", text)
    pieces: list[Markup] = []

    def code_block(match: re.Match[str]) -> str:
        pieces.append(Markup("<pre class=\"code-block\"><code>{}</code></pre>").format(unescape_slack(match.group(1))))
        return "\n" + chr(_PLACEHOLDER_BASE + len(pieces) - 1) + "\n"

    source = _CODE_BLOCK.sub(code_block, source)
    html: list[Markup] = []
    lines = source.split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_block_placeholder(line, pieces):
            html.append(pieces[ord(line) - _PLACEHOLDER_BASE])
            index += 1
            continue
        if _QUOTE.match(line):
            quoted = []
            while index < len(lines) and _QUOTE.match(lines[index]):
                quoted.append(_inline(_QUOTE.sub("", lines[index], count=1), ctx, pieces))
                index += 1
            html.append(Markup("<blockquote>{}</blockquote>").format(Markup("<br>").join(quoted)))
            continue
        if _BULLET.match(line):
            items = []
            ordered = bool(re.match(r"^\s*\d", line))
            while index < len(lines) and _BULLET.match(lines[index]):
                items.append(Markup("<li>{}</li>").format(_inline(_BULLET.sub("", lines[index], count=1), ctx, pieces)))
                index += 1
            tag = "ol" if ordered else "ul"
            html.append(Markup(f"<{tag}>") + Markup("").join(items) + Markup(f"</{tag}>"))
            continue
        html.append(Markup("<span class=\"line\">{}</span>").format(_inline(line, ctx, pieces)) if line
                    else Markup("<span class=\"line empty\"></span>"))
        index += 1
    return Markup("").join(html)


def _is_block_placeholder(line: str, pieces: list[Markup]) -> bool:
    return len(line) == 1 and _PLACEHOLDER_BASE <= ord(line) < _PLACEHOLDER_BASE + len(pieces)


def _inline(text: str, ctx: TextContext, pieces: list[Markup]) -> Markup:
    def lift(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            pieces.append(Markup("<code>{}</code>").format(unescape_slack(match.group(1))))
        else:
            pieces.append(_control(match.group(2), ctx))
        return chr(_PLACEHOLDER_BASE + len(pieces) - 1)

    return _emphasis(_INLINE.sub(lift, text), pieces)


def _emphasis(text: str, pieces: list[Markup]) -> Markup:
    earliest: tuple[int, str, re.Match[str]] | None = None
    for marker, (_tag, pattern) in _EMPHASIS.items():
        match = pattern.search(text)
        if match and (earliest is None or match.start() < earliest[0]):
            earliest = (match.start(), marker, match)
    if earliest is None:
        return _text(text, pieces)
    _start, marker, match = earliest
    tag = _EMPHASIS[marker][0]
    inner = _emphasis(match.group(1), pieces)
    return (_text(text[: match.start()], pieces) + Markup(f"<{tag}>") + inner + Markup(f"</{tag}>")
            + _emphasis(text[match.end():], pieces))


def _text(text: str, pieces: list[Markup]) -> Markup:
    shown = _EMOJI.sub(lambda m: EMOJI.get(m.group(1), m.group(0)), unescape_slack(text))
    escaped = str(escape(shown))
    return Markup(_PLACEHOLDER.sub(lambda m: str(pieces[ord(m.group(0)) - _PLACEHOLDER_BASE])
                                   if ord(m.group(0)) - _PLACEHOLDER_BASE < len(pieces) else "\ufffd", escaped))


def _control(inner: str, ctx: TextContext) -> Markup:
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        user_id = target[1:]
        name = ctx.user_name(user_id) or label.lstrip("@") or user_id
        return Markup("<span class=\"mention\" data-user=\"{}\">@{}</span>").format(user_id, name)
    if target.startswith("#"):
        channel_id = target[1:]
        name = ctx.channel_name(channel_id) or label or channel_id
        return Markup("<span class=\"channel-mention\">#{}</span>").format(name)
    if target.startswith("!"):
        return _special(target[1:], label, ctx)
    url = unescape_slack(target)
    shown = unescape_slack(label) if label else url
    if url.lower().startswith(SAFE_SCHEMES):
        return Markup("<a href=\"{}\" target=\"_blank\" rel=\"noopener noreferrer\">{}</a>").format(url, shown)
    return escape(shown)


def _special(command: str, label: str, ctx: TextContext) -> Markup:
    if command in ("here", "channel", "everyone"):
        return Markup("<span class=\"mention broadcast\">@{}</span>").format(command)
    if command.startswith("subteam^"):
        return Markup("<span class=\"mention\">{}</span>").format(label or "@group")
    if command.startswith("date^"):
        parts = command.split("^")
        try:
            moment = datetime.fromtimestamp(int(parts[1]), UTC)
        except (IndexError, ValueError, OverflowError, OSError):
            return escape(unescape_slack(label))
        shown = format_slack_date(moment, parts[2] if len(parts) > 2 else "{date}", ctx)
        return Markup("<time datetime=\"{}\">{}</time>").format(moment.isoformat(), shown)
    return escape(unescape_slack(label or command))


def format_slack_date(moment: datetime, template: str, ctx: TextContext) -> str:
    """`<!date^…^{date_short} {time}|…>` in the reader's time zone, as Slack's client writes it in English."""
    local = moment.astimezone(_zone(ctx.tz))
    today = ctx.now.astimezone(_zone(ctx.tz)).date()
    tokens = {
        "date_num": local.strftime("%Y-%m-%d"),
        "date": f"{local:%B} {_ordinal(local.day)}, {local.year}",
        "date_short": f"{local:%b} {local.day}, {local.year}",
        "date_long": f"{local:%A}, {local:%B} {_ordinal(local.day)}, {local.year}",
        "time": f"{local.hour % 12 or 12}:{local:%M} {'AM' if local.hour < 12 else 'PM'}",
        "time_secs": f"{local.hour % 12 or 12}:{local:%M:%S} {'AM' if local.hour < 12 else 'PM'}",
        "ago": _ago(moment, ctx.now),
    }
    for style in ("date", "date_short", "date_long"):
        tokens[f"{style}_pretty"] = _pretty(local.date(), today) or tokens[style]
    return re.sub(r"\{(\w+)\}", lambda m: tokens.get(m.group(1), m.group(0)), template)


def _pretty(day: date, today: date) -> str | None:
    return {today: "today", today - timedelta(days=1): "yesterday", today + timedelta(days=1): "tomorrow"}.get(day)


def _ago(moment: datetime, now: datetime) -> str:
    seconds = int((now - moment).total_seconds())
    future = seconds < 0
    seconds = abs(seconds)
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size:
            count = seconds // size
            words = f"{count} {unit}{'s' if count != 1 else ''}"
            return f"in {words}" if future else f"{words} ago"
    return "just now"


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return ZoneInfo("UTC")
