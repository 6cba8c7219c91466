"""What every deciding scheduler pass shares: lock a batch of due rows, advance each in that transaction, repeat;
and say a due stage once (or record it skipped when it is older than the grace period)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlmodel import Session

from bot.kernel.logs import campaign_context
from bot.kernel.services import Services
from storage.models import Campaign

Row = TypeVar("Row")


def in_batches(
    services: Services, now: datetime, *, fetch: Callable[[Session, datetime, int], Sequence[Row]],
    advance: Callable[[Services, Session, Row, datetime], int], batch: int,
    finish: Callable[[Session], int] | None = None, readers: Callable[[Session, Row], Iterable[str]] | None = None,
) -> int:
    """Rows come locked (`FOR UPDATE SKIP LOCKED`), so concurrent processes take different rows; a row's outbox
    messages and its next fire time commit together. `finish` runs last in each batch's transaction. On a graceful
    stop the batch being done commits and no other begins: the rest stays due for the next process. `readers` names
    whom a row's messages are for: their languages are asked of Slack before the batch's transaction."""
    total = 0
    while not services.stopping.is_set():
        if readers is not None:
            ask_slack_first(services, now, fetch=fetch, readers=readers, batch=batch)
        with services.unit_of_work() as session:
            rows = fetch(session, now, batch)
            for row in rows:
                with campaign_context(campaign_of(row)):
                    total += advance(services, session, row, now)
            if finish is not None:
                total += finish(session)
        if len(rows) < batch:
            return total
    return total


@dataclass(frozen=True)
class DuePass(Generic[Row]):
    """A deciding pass over one kind of due row, as the scheduler's registry calls it: `(services, now) -> messages`.
    Each feature's `scheduled` module declares its pass with one of these instead of a wrapper of its own."""

    fetch: Callable[[Session, datetime, int], Sequence[Row]]
    advance: Callable[[Services, Session, Row, datetime], int]
    batch: int
    readers: Callable[[Session, Row], Iterable[str]] | None = None

    def __call__(self, services: Services, now: datetime) -> int:
        return in_batches(services, now, batch=self.batch, fetch=self.fetch, advance=self.advance,
                          readers=self.readers)


def ask_slack_first(
    services: Services, now: datetime, *, fetch: Callable[[Session, datetime, int], Sequence[Row]],
    readers: Callable[[Session, Row], Iterable[str]], batch: int,
) -> None:
    """Look up (users.info) the people the next batch will speak to, outside any transaction: the batch then finds
    their languages in the directory's cache, so no locked row waits on Slack. A row that became due in between
    is still served, by a lookup of its own."""
    with services.unit_of_work() as session:
        people = {user for row in fetch(session, now, batch) for user in readers(session, row) if user}
    for user in sorted(people):
        services.locale_for(user)


def campaign_of(row: object) -> int | None:
    """The campaign a due row belongs to (a campaign is its own), for the log lines written while it is done."""
    value = row.id if isinstance(row, Campaign) else getattr(row, "campaign_id", None)
    return value if isinstance(value, int) else None
