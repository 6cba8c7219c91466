"""The review's complaints figure: how many complaints from the daily reports were resolved within their response
time, out of all of them ("Complaints resolved on time: 3 of 4"). Pure."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.feedback.rules.complaints import ComplaintFact, resolved_on_time


@dataclass(frozen=True)
class ComplaintReview:
    total: int
    resolved: int
    resolved_on_time: int
    open: int
    overdue: int  # still open past their response time, as of the review


def complaint_review(complaints: Iterable[ComplaintFact], as_of: datetime) -> ComplaintReview:
    items = list(complaints)
    resolved = [item for item in items if item.resolved_at is not None]
    still_open = [item for item in items if item.resolved_at is None]
    return ComplaintReview(
        total=len(items), resolved=len(resolved),
        resolved_on_time=sum(1 for item in resolved if resolved_on_time(item.due_at, item.resolved_at)),
        open=len(still_open), overdue=sum(1 for item in still_open if as_of >= item.due_at),
    )
