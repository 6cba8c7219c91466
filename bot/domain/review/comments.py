"""Representative feedback comments: the remarks people made most often, in their newest wording."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from bot.domain.report_figures import Feedback, FeedbackKind
from bot.domain.review.results import Comment

COMMENTS_PER_KIND = 2


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
        if item.kind == kind and item.text.strip():
            groups.setdefault(_key(item.text), []).append(item)
    ranked = []
    for items in groups.values():
        newest = max(items, key=lambda item: (item.day, item.seq))
        ranked.append((len(items), newest))
    ranked.sort(key=lambda pair: (pair[0], pair[1].day, pair[1].seq), reverse=True)
    return tuple(Comment(item.text.strip(), count, item.source, item.day) for count, item in ranked[:max(limit, 0)])
