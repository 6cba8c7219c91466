"""The outbox: enqueue once per key, claim with a lease, record what happened. None of these commits."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from storage.models import OutboxMessage

PENDING, SENT, SKIPPED, FAILED = "pending", "sent", "skipped", "failed"
# A message to a person that came due in their quiet hours waits (overnight) and goes out in their morning digest.
OVERNIGHT, DIGESTED = "overnight", "digested"
INTERRUPTED = "interrupted"  # last_error of a message whose sender died holding it: it may have been sent


def enqueue(*, session: Session, message: OutboxMessage) -> bool:
    """Insert unless a message with the same idempotency key exists; True when this call added it."""
    values = message.model_dump(exclude={"id"})
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        insert(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["idempotency_key"])
        .returning(OutboxMessage.id)
    )
    # RETURNING, not rowcount: drivers report -1 for an INSERT … RETURNING.
    return session.execute(statement).scalar_one_or_none() is not None


def claim_due(*, session: Session, now: datetime, worker: str, lease_until: datetime, limit: int,
              lease_now: datetime | None = None) -> list[int]:
    """Lease up to `limit` messages due by `now` to `worker`. Rows another process holds are skipped, not waited on.

    `now` says what is due (a pass's own instant, possibly in the past); `lease_now` is the real time, which alone
    says whether another process's lease has run out (default: `now`)."""
    return _lease(session, [], now=now, lease_now=lease_now or now, worker=worker, lease_until=lease_until,
                  limit=limit)


def claim_keys(*, session: Session, keys: Sequence[str], now: datetime, worker: str, lease_until: datetime,
               lease_now: datetime | None = None) -> list[int]:
    """Lease the deliverable messages among `keys` (just written by a person's action) to `worker`."""
    if not keys:
        return []
    return _lease(session, [OutboxMessage.idempotency_key.in_(list(keys))],  # type: ignore[attr-defined]
                  now=now, lease_now=lease_now or now, worker=worker, lease_until=lease_until, limit=len(keys))


def _lease(session: Session, where: list[Any], *, now: datetime, lease_now: datetime, worker: str,
           lease_until: datetime, limit: int) -> list[int]:
    rows = session.execute(
        select(OutboxMessage.id, OutboxMessage.lease_owner)
        .where(
            *where,
            OutboxMessage.status == PENDING,
            OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.lease_until.is_(None), OutboxMessage.lease_until < lease_now),
        )
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    ids = [row.id for row in rows if row.id is not None]
    if ids:
        session.execute(
            update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(lease_owner=worker, lease_until=lease_until)
        )
    # A lease that ran out without an outcome or a release: its process died, maybe while Slack took the message.
    orphaned = [row.id for row in rows if row.lease_owner is not None]
    if orphaned:
        session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(orphaned)).values(last_error=INTERRUPTED))
    return ids


def leased(*, session: Session, ids: Sequence[int], worker: str) -> list[OutboxMessage]:
    return list(session.scalars(
        select(OutboxMessage).where(OutboxMessage.id.in_(ids), OutboxMessage.lease_owner == worker)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
    ))


def renew(*, session: Session, message_id: int, worker: str, lease_until: datetime) -> bool:
    """Extend `worker`'s lease on an undelivered message; False when it is no longer `worker`'s (another process
    claimed it after the lease ran out, or it was given back), and then `worker` must not send it."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.lease_owner == worker, OutboxMessage.status == PENDING)
        .values(lease_until=lease_until)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def finish(*, session: Session, message_id: int, worker: str, **values: object) -> bool:
    """Record an outcome, only if this worker still holds the lease (a stale worker's result is dropped)."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.lease_owner == worker, OutboxMessage.status == PENDING)
        .values(lease_owner=None, lease_until=None, **values)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]


def by_key(*, session: Session, key: str, for_update: bool = False) -> OutboxMessage | None:
    statement = select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
    return session.scalars(statement.with_for_update() if for_update else statement).first()


def skip_waiting_updates(*, session: Session, anchor_key: str) -> int:
    """Drop the edits of a card still waiting to go (none being sent): a newer one replaces them."""
    result = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.anchor_key == anchor_key, OutboxMessage.kind == "update",
               OutboxMessage.status == PENDING, OutboxMessage.lease_owner.is_(None))  # type: ignore[union-attr]
        .values(status=SKIPPED, last_error="superseded")
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def latest_of_kind(*, session: Session, campaign_id: int, kind: str, since: datetime) -> OutboxMessage | None:
    """The newest message of `kind` about the campaign enqueued at or after `since` (skipped ones do not count)."""
    return session.scalars(
        select(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.kind == kind,
                                    OutboxMessage.created_at >= since, OutboxMessage.status != SKIPPED)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())  # type: ignore[attr-defined]
    ).first()


def release(*, session: Session, worker: str, keep: Collection[int] = ()) -> int:
    """Give back every lease `worker` holds on undelivered messages, so another process may send them at once;
    except on the messages in `keep` (being sent right now: their outcome is still to be recorded)."""
    where = [OutboxMessage.lease_owner == worker, OutboxMessage.status == PENDING]
    if keep:
        where.append(OutboxMessage.id.not_in(list(keep)))  # type: ignore[union-attr]
    result = session.execute(update(OutboxMessage).where(*where).values(lease_owner=None, lease_until=None))
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def overnight_due(*, session: Session, now: datetime, limit: int) -> list[OutboxMessage]:
    """Messages held over someone's night whose morning has come, locked (rows another process holds are skipped),
    in the order they were written."""
    return list(session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == OVERNIGHT, OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.channel, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ))


def latest_in_thread(*, session: Session, anchor_key: str) -> OutboxMessage | None:
    """The newest message written for the thread of the card posted from `anchor_key` (edits of the card aside)."""
    return session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.anchor_key == anchor_key, OutboxMessage.kind != "update")
        .order_by(OutboxMessage.id.desc())  # type: ignore[union-attr]
        .limit(1)
    ).first()
