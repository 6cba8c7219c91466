"""What every deciding scheduler pass shares: lock a batch of due rows, advance each in a savepoint of its own (a
failing row is held back alone), repeat; `DuePass` declares such a pass for the registry."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar

from sqlmodel import Session

from bot.kernel.logs import campaign_context, error_summary
from bot.kernel.services import Services
from storage.models import Campaign
from storage.repositories import schedule as schedule_repository
from storage.session import begin_writing

log = logging.getLogger(__name__)

Row = TypeVar("Row")
FIRST_RETRY = timedelta(minutes=1)  # the next pass: a passing hiccup costs a minute
LONGEST_WAIT = timedelta(hours=1)  # a row broken for good is still tried every hour, and shows on /metrics


def retry_delay(failures: int) -> timedelta:
    """How long a row is held back after its `failures`-th failure in a row: 1, 2, 4, … minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** min(max(failures - 1, 0), 16), LONGEST_WAIT)


class RowsFailed(Exception):
    """Raised by a batch's `finish` when work it waited for failed for some rows (a chart drawn in a worker): the
    failures by row id. The batch's transaction is rolled back, those rows are held back, the rest is done again."""

    def __init__(self, failures: Mapping[int, BaseException]) -> None:
        super().__init__(f"{len(failures)} row(s) failed")
        self.failures = dict(failures)


@dataclass(frozen=True)
class _Failure:
    row_id: int
    campaign_id: int | None
    error: BaseException


def in_batches(
    services: Services, now: datetime, *, name: str, fetch: Callable[[Session, datetime, int], Sequence[Row]],
    advance: Callable[[Services, Session, Row, datetime], int], batch: int,
    finish: Callable[[Session], int] | None = None, readers: Callable[[Session, Row], Iterable[str]] | None = None,
) -> int:
    """Rows come locked (`FOR UPDATE SKIP LOCKED`), so concurrent processes take different rows; a row's outbox
    messages and its next fire time commit together. `finish` runs last in each batch's transaction. On a graceful
    stop the batch being done commits and no other begins: the rest stays due for the next process. `readers` names
    whom a row's messages are for: their languages are asked of Slack before the batch's transaction.

    Each row is advanced in a savepoint of its own: a row that fails (user text a renderer chokes on, a bug) is
    rolled back alone, logged once without its data, and held back under `name` (`retry_delay`), while the rest of
    the batch goes on; it is tried again when its hold ends, and released when it goes through."""
    total = 0
    while not services.stopping.is_set():
        if readers is not None:
            ask_slack_first(services, now, name=name, fetch=fetch, readers=readers, batch=batch)
        said, more = _one_batch(services, now, name=name, fetch=fetch, advance=advance, batch=batch, finish=finish)
        total += said
        if not more:
            return total
    return total


def _one_batch(
    services: Services, now: datetime, *, name: str, fetch: Callable[[Session, datetime, int], Sequence[Row]],
    advance: Callable[[Services, Session, Row, datetime], int], batch: int, finish: Callable[[Session], int] | None,
) -> tuple[int, bool]:
    """(messages said, whether more rows may be due)."""
    failures: list[_Failure] = []
    campaigns: dict[int, int | None] = {}  # row id → campaign id, known after the session is gone
    try:
        with services.unit_of_work() as session:
            begin_writing(session)
            marks = schedule_repository.marks_of(session=session, pass_name=name)
            rows, more = _due(session, now, marks, fetch=fetch, batch=batch)
            campaigns = {row_id_of(row): campaign_of(row) for row in rows}
            said = 0
            for row in rows:
                with campaign_context(campaign_of(row)):
                    try:
                        with session.begin_nested():
                            said += advance(services, session, row, now)
                    except Exception as error:  # this row alone: the others in the batch go on
                        failures.append(_Failure(row_id_of(row), campaign_of(row), error))
            if finish is not None:
                said += finish(session)
            failed = {failure.row_id for failure in failures}
            went_through = [row_id for row_id in campaigns if row_id in marks and row_id not in failed]
            stale = [] if more else _no_longer_due(marks, now, campaigns)
            schedule_repository.release(session=session, pass_name=name, row_ids=[*went_through, *stale])
            _hold(services, session, name, now, failures)
    except RowsFailed as late:
        # Work waited for at the end failed for some rows, after their savepoints were released: the batch's
        # transaction is gone; hold those rows (and any that failed before) and do the rest again without them.
        failures += [_Failure(row_id, campaigns.get(row_id), error) for row_id, error in late.failures.items()
                     if row_id in campaigns]
        if not failures:
            raise
        with services.unit_of_work() as session:
            _hold(services, session, name, now, failures)
        return 0, True
    return said, more


def _due(session: Session, now: datetime, marks: Mapping[int, Any], *,
         fetch: Callable[[Session, datetime, int], Sequence[Row]], batch: int) -> tuple[list[Row], bool]:
    """Up to `batch` due rows that are not held back, and whether more may be due. The fetch asks for as many more
    as are held back, so however many rows are held back the others are still reached."""
    held = {row_id for row_id, mark in marks.items() if mark.next_retry_at > now}
    fetched = fetch(session, now, batch + len(held))
    rows = [row for row in fetched if row_id_of(row) not in held]
    return rows[:batch], len(fetched) == batch + len(held) or len(rows) > batch


def _no_longer_due(marks: Mapping[int, Any], now: datetime, seen: Iterable[int]) -> list[int]:
    """Marked rows whose hold is over but that the fetch, having seen every due row, did not return: they are not
    due any more (done another way, cancelled, gone), so there is nothing left to retry or to report."""
    returned = set(seen)
    return [row_id for row_id, mark in marks.items() if mark.next_retry_at <= now and row_id not in returned]


def _hold(services: Services, session: Session, name: str, now: datetime, failures: Sequence[_Failure]) -> None:
    """Hold each failed row back and say so once: the pass and the row, the error's kind and place, never its
    message (it may quote a person's text)."""
    for failure in failures:
        summary = error_summary(failure.error)
        mark = schedule_repository.hold(session=session, pass_name=name, row_id=failure.row_id,
                                        campaign_id=failure.campaign_id, error=type(failure.error).__name__,
                                        now=now, delay=retry_delay)
        services.metrics.row_failures.labels(name).inc()
        with campaign_context(failure.campaign_id):
            log.error("scheduler pass %s failed on row %s of campaign %s (failure %s in a row: %s); the rest of its "
                      "batch went on, this row is held back until %s", name, failure.row_id, failure.campaign_id,
                      mark.failures, summary, mark.next_retry_at.isoformat())


@dataclass(frozen=True)
class DuePass(Generic[Row]):
    """A deciding pass over one kind of due row, as the scheduler's registry calls it: `(services, now) -> messages`.
    Each feature's `scheduled` module declares its pass with one of these instead of a wrapper of its own; `name`
    is what a held-back row is held under and what /metrics and the logs call the pass."""

    name: str
    fetch: Callable[[Session, datetime, int], Sequence[Row]]
    advance: Callable[[Services, Session, Row, datetime], int]
    batch: int
    readers: Callable[[Session, Row], Iterable[str]] | None = None

    def __call__(self, services: Services, now: datetime) -> int:
        return in_batches(services, now, name=self.name, batch=self.batch, fetch=self.fetch, advance=self.advance,
                          readers=self.readers)


def ask_slack_first(
    services: Services, now: datetime, *, name: str, fetch: Callable[[Session, datetime, int], Sequence[Row]],
    readers: Callable[[Session, Row], Iterable[str]], batch: int,
) -> None:
    """Look up (users.info) the people the next batch will speak to, outside any transaction: the batch then finds
    their languages in the directory's cache, so no locked row waits on Slack. A row that became due in between
    is still served, by a lookup of its own."""
    with services.unit_of_work() as session:
        marks = schedule_repository.marks_of(session=session, pass_name=name)
        rows, _ = _due(session, now, marks, fetch=fetch, batch=batch)
        people = {user for row in rows for user in readers(session, row) if user}
    for user in sorted(people):
        services.locale_for(user)


def row_id_of(row: object) -> int:
    """A due row's id, which with the pass's name says which row is held back."""
    value = getattr(row, "id", None)
    assert isinstance(value, int), "a due row has an id"
    return value


def campaign_of(row: object) -> int | None:
    """The campaign a due row belongs to (a campaign is its own), for the log lines written while it is done."""
    value = row.id if isinstance(row, Campaign) else getattr(row, "campaign_id", None)
    return value if isinstance(value, int) else None
