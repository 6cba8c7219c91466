"""The outbox's leases: claimed by one worker, skipped by others, given back on a graceful stop."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage.models import OutboxMessage
from storage.repositories import delivery as outbox
from storage.session import SessionFactory, session_scope

NOW = datetime(2026, 5, 10, 13, 0, tzinfo=UTC)
LEASE = NOW + timedelta(minutes=5)


def _enqueue(session_factory: SessionFactory, *keys: str) -> None:
    with session_scope(session_factory) as session:
        for key in keys:
            added = outbox.enqueue(session=session, message=OutboxMessage(
                idempotency_key=key, kind="message", channel="C1", text=key, next_attempt_at=NOW, created_at=NOW))
            assert added


def _leases(session_factory: SessionFactory) -> dict[str, tuple[str | None, datetime | None]]:
    with session_scope(session_factory) as session:
        rows = session.scalars(select(OutboxMessage)).all()
        return {row.idempotency_key: (row.lease_owner, row.lease_until) for row in rows}


def test_release_gives_back_only_this_workers_pending_claims(session_factory: SessionFactory) -> None:
    _enqueue(session_factory, "a", "b", "c")
    with session_scope(session_factory) as session:
        mine = outbox.claim_keys(session=session, keys=["a", "b"], now=NOW, worker="stopping", lease_until=LEASE)
        theirs = outbox.claim_keys(session=session, keys=["c"], now=NOW, worker="other", lease_until=LEASE)
    assert (len(mine), len(theirs)) == (2, 1)
    with session_scope(session_factory) as session:
        # One of the stopping worker's messages was sent before the signal: its outcome is final.
        assert outbox.finish(session=session, message_id=mine[0], worker="stopping", status=outbox.SENT, sent_at=NOW)
        assert outbox.claim_due(session=session, now=NOW, worker="third", lease_until=LEASE, limit=10) == []

    with session_scope(session_factory) as session:
        released = outbox.release(session=session, worker="stopping")

    assert released == 1
    leases = _leases(session_factory)
    assert leases["b"] == (None, None)
    assert leases["c"][0] == "other"
    with session_scope(session_factory) as session:
        # What was given back is deliverable at once by any process, without waiting for the lease to expire.
        assert outbox.claim_due(session=session, now=NOW, worker="third", lease_until=LEASE, limit=10) == [mine[1]]


def test_release_without_claims_changes_nothing(session_factory: SessionFactory) -> None:
    _enqueue(session_factory, "a")
    with session_scope(session_factory) as session:
        assert outbox.release(session=session, worker="nobody") == 0
    assert _leases(session_factory) == {"a": (None, None)}


def test_release_keeps_the_lease_on_a_message_being_sent(session_factory: SessionFactory) -> None:
    # Its outcome is about to be recorded: another process must not send it again meanwhile.
    _enqueue(session_factory, "sending", "waiting")
    with session_scope(session_factory) as session:
        sending, _ = outbox.claim_keys(session=session, keys=["sending", "waiting"], now=NOW, worker="stopping",
                                       lease_until=LEASE)
    with session_scope(session_factory) as session:
        assert outbox.release(session=session, worker="stopping", keep={sending}) == 1
    leases = _leases(session_factory)
    assert leases["sending"][0] == "stopping" and leases["waiting"] == (None, None)
