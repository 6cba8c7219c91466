"""Representative feedback comments: the remarks people made most often, in their newest wording."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from bot.reports.rules.figures import Feedback, FeedbackKind
from bot.review.rules.results import Comment

COMMENTS_PER_KIND = 2
# Slack markup people type into feedback, which a quote in the review (and its PDF) shows as the words it wraps:
# <https://…|label> and <https://…>, then *bold*, _italic_, ~struck~, `code`, and :emoji_codes:.
_LINK = re.compile(r"<((?:https?|mailto):[^<>|\s]*)(?:\|([^<>]*))?>")
_WRAPPED = [re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])"),
            re.compile(r"(?<![\w_])_(?=\S)([^_\n]*?\S)_(?![\w_])"),
            re.compile(r"(?<![\w~])~(?=\S)([^~\n]*?\S)~(?![\w~])"),
            re.compile(r"`{1,3}([^`]+?)`{1,3}")]
_SHORTCODE = re.compile(r":[a-z0-9_+\-]+:")
_BLANKS = re.compile(r"[ \t]{2,}")


def plain_quote(text: str) -> str:
    """What a quoted remark says without its markup: "*太慢* <https://t.cn/x|截图> :rage:" -> "太慢 截图"."""
    text = _LINK.sub(lambda match: match[2] or match[1], text)
    for pattern in _WRAPPED:
        text = pattern.sub(r"\1", text)
    text = _SHORTCODE.sub("", text)
    return _BLANKS.sub(" ", text).strip()


def _key(text: str) -> str:
    # "Delivery is slow." and "delivery is slow" are the same remark; full-width and spacing differences too.
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split()).strip(" .!?。！？…")


def representative_comments(
    feedback: Iterable[Feedback], kind: FeedbackKind, limit: int = COMMENTS_PER_KIND
) -> tuple[Comment, ...]:
    """Up to `limit` distinct comments of `kind`: most repeated first, then the most recent."""
    groups: dict[str, list[Feedback]] = {}
    for item in feedback:
        if item.kind == kind and plain_quote(item.text):
            groups.setdefault(_key(plain_quote(item.text)), []).append(item)
    ranked = []
    for items in groups.values():
        newest = max(items, key=lambda item: (item.day, item.seq))
        ranked.append((len(items), newest))
    ranked.sort(key=lambda pair: (pair[0], pair[1].day, pair[1].seq), reverse=True)
    return tuple(Comment(plain_quote(item.text), count, item.source, item.day)
                 for count, item in ranked[:max(limit, 0)])
