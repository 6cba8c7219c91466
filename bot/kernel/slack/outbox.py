"""Say things exactly once: decisions write outbox rows in their own transaction; delivery sends them.

Delivery claims due rows with a lease (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so several processes share the
work without overlap), sends through the one Slack gateway, and records the outcome only while it still
holds the lease. A process killed between claim and send loses nothing: its lease expires and a later pass
sends the message. Transient failures (rate limits beyond the client's own retries, 5xx, dropped
connections) are retried with backoff; Slack's permanent refusals are recorded as failed.

Leases are taken and checked on the real clock (`wall_clock`), never on a pass's own `now`, which may lie in
the past (`campaignbot tick --at`) while another process delivers in the present. Each send first renews its
lease, so a long pass or a slow Slack cannot let it run out under a message about to go. A message whose
sender died holding it is looked up in Slack (by the key in its metadata) before it is sent again.
A refused token (`invalid_auth`, …) concerns every message: delivery pauses, nothing is marked failed.

A card the bot posted is kept current through here too: a row of kind `update` edits the card (chat.update of its
ts), and a row with an `anchor_key` is posted in the card's thread. Both name the card by its own outbox row, so
they can be written before the card is in Slack: its ts is looked up when they are sent, and they wait for it.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import uuid
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from typing import Any, Literal, Protocol

from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.kernel.clock import Clock
from bot.kernel.logs import campaign_context
from bot.kernel.slack.gateway import TOKEN_REFUSED, SlackGateway, retry_after_seconds
from storage.models import OutboxMessage
from storage.repositories import delivery as repo

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=5)
BATCH = 50
MAX_ATTEMPTS = 8
PERMANENT_ERRORS = frozenset({
    "channel_not_found", "not_in_channel", "is_archived", "user_not_found", "user_disabled", "invalid_blocks",
    "msg_too_long", "no_text", "cannot_dm_bot", "missing_scope", "restricted_action",
})
WORKER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class QuietHours(Protocol):
    """Whether a message waits out its recipient's night (bot.campaigns.service.quiet decides; the outbox only asks)."""

    def until(self, message: OutboxMessage, now: datetime) -> datetime | None:
        """When the recipient's quiet hours end, if the message is one that waits and it is night for them now."""


class Delivery(Protocol):
    """What delivery needs of the running bot (bot.kernel.services.Services has it); named here so this layer does not
    reach up into the services module."""

    clock: Clock
    slack: SlackGateway
    stopping: threading.Event
    quiet: QuietHours | None

    def unit_of_work(self) -> AbstractContextManager[Session]: ...


def wall_clock() -> datetime:
    """The real time, for leases: shared by every process, whatever instant a pass works for."""
    return datetime.now(UTC)


class _Sending:
    """The messages this process is sending at this moment. A graceful stop gives back every other claim; one
    being sent keeps its lease, or another process could send it again before its outcome is recorded."""

    def __init__(self) -> None:
        self._ids: set[int] = set()
        self._lock = threading.Lock()

    def add(self, message_id: int) -> None:
        with self._lock:
            self._ids.add(message_id)

    def discard(self, message_id: int) -> None:
        with self._lock:
            self._ids.discard(message_id)

    def ids(self) -> set[int]:
        with self._lock:
            return set(self._ids)


_sending = _Sending()


def enqueue(
    session: Session, *, key: str, kind: str, channel: str, text: str, now: datetime,
    blocks: Sequence[Block] | None = None, campaign_id: int | None = None, skipped: bool = False,
    attachment: bytes | None = None, attachment_name: str | None = None, thread_of: str | None = None,
    urgent: bool = False,
) -> bool:
    """Add a message to send (or, when `skipped`, a record that its moment passed unsaid); once per key.
    With `attachment`, the message is a file upload and `text` its comment; with `thread_of` (a card's outbox
    key), it is posted in that card's thread."""
    return repo.enqueue(session=session, message=OutboxMessage(
        idempotency_key=key, kind=kind, campaign_id=campaign_id, channel=channel, text=text,
        blocks=json.dumps([block.to_dict() for block in blocks], ensure_ascii=False) if blocks else None,
        status=repo.SKIPPED if skipped else repo.PENDING, attempts=0, next_attempt_at=now, created_at=now,
        attachment=attachment, attachment_name=attachment_name, anchor_key=thread_of, urgent=urgent,
    ))


UPDATE = "update"
CARD_WAIT = timedelta(minutes=1)  # how long a row waits before looking again for its card's ts


def enqueue_update(session: Session, *, card_key: str, text: str, blocks: Sequence[Block], now: datetime) -> bool:
    """Show `blocks` on the card posted from the outbox row `card_key`, in the caller's transaction. A card not
    yet sent is simply sent as it is now; otherwise an `update` row edits it, and any older update still waiting
    is dropped (a late retry of an old state would put it back). False when there is no such card."""
    card = repo.by_key(session=session, key=card_key, for_update=True)
    if card is None or card.status in (repo.FAILED, repo.SKIPPED):
        return False
    if card.status == repo.PENDING and card.lease_owner is None:
        refresh_pending(card, text=text, blocks=blocks)
        return True
    repo.skip_waiting_updates(session=session, anchor_key=card_key)
    return repo.enqueue(session=session, message=OutboxMessage(
        idempotency_key=one_off_key(f"{UPDATE}:{card_key}")[:200], kind=UPDATE, campaign_id=card.campaign_id,
        channel=card.channel, text=text,
        blocks=json.dumps([block.to_dict() for block in blocks], ensure_ascii=False),
        status=repo.PENDING, attempts=0, next_attempt_at=now, created_at=now, anchor_key=card_key,
    ))


def refresh_pending(message: OutboxMessage, *, text: str, blocks: Sequence[Block]) -> None:
    """Change what a message not yet delivered will say (the caller's session holds the row)."""
    if message.status == repo.PENDING:
        message.text = text
        message.blocks = json.dumps([block.to_dict() for block in blocks], ensure_ascii=False)


def one_off_key(kind: str) -> str:
    """A key for a message that belongs to one committed action (a note, a receipt): written once with it."""
    return f"{kind}:{uuid.uuid4().hex}"


def deliver(services: Delivery, keys: Sequence[str]) -> int:
    """Send these messages now, right after the commit that wrote them (what a person's action made the bot say).
    What Slack does not take now stays pending and the scheduler's delivery pass retries it; never raises."""
    if not keys or _token_paused(services):
        return 0
    now = services.clock.now()
    try:
        with services.unit_of_work() as session:
            real = wall_clock()
            ids = repo.claim_keys(session=session, keys=keys, now=now, worker=WORKER, lease_now=real,
                                  lease_until=real + LEASE)
            messages = repo.leased(session=session, ids=ids, worker=WORKER) if ids else []
        sent = 0
        for message in messages:
            outcome = _deliver(services, message, now, WORKER)
            if outcome == "token":
                release_leases(services)
                break
            sent += outcome == "sent"
        return sent
    except Exception:  # the rows are committed: the delivery pass sends them
        log.exception("delivering %s right away failed; the scheduler will retry", ", ".join(keys)[:200])
        return 0


def deliver_due(services: Delivery, now: datetime, *, worker: str | None = None, batch: int = BATCH) -> int:
    """Send what is due by `now`; returns how many messages were sent. On a graceful stop it ends after the message
    being sent; the rest of what it claimed is released (`release_leases`)."""
    worker = worker or WORKER
    sent = 0
    while not services.stopping.is_set() and not _token_paused(services):
        with services.unit_of_work() as session:
            real = wall_clock()
            ids = repo.claim_due(session=session, now=now, worker=worker, lease_now=real, lease_until=real + LEASE,
                                 limit=batch)
            messages = repo.leased(session=session, ids=ids, worker=worker) if ids else []
        if not ids:
            return sent
        for message in _paced_order(services, messages):
            if services.stopping.is_set():
                return sent
            with campaign_context(message.campaign_id):
                outcome = _deliver(services, message, now, worker)
            if outcome == "token":  # the rest would be refused too: back to the pool, untouched
                release_leases(services, worker=worker)
                return sent
            sent += outcome == "sent"
        if len(ids) < batch:
            return sent
    return sent


def _token_paused(services: Delivery) -> bool:
    """While Slack refuses the token, deliver nothing; after each pause, one auth.test says whether to resume."""
    pause = services.slack.token_pause
    if pause.paused():
        return True
    if not pause.due_for_probe():
        return False
    try:
        works = services.slack.token_works()
    except (SlackApiError, SlackRequestError, OSError) as error:
        log.info("could not ask Slack whether the token works (%s); still paused", type(error).__name__)
        pause.refused("unknown")
        return True
    if not works:
        pause.refused("still refused")
        return True
    pause.accepted()
    return False


def _paced_order(services: Delivery, messages: list[OutboxMessage]) -> Iterator[OutboxMessage]:
    """A message to a channel that must wait (about one post per second per channel) goes after the rest of the
    batch, so one busy channel does not hold up the others with its waits; each channel keeps its own order.
    Lazy: whether a channel must wait is asked just before its message would go."""
    later: list[OutboxMessage] = []
    waiting: set[str] = set()
    for message in messages:
        if message.channel in waiting or (message.attachment is None and services.slack.pacing_delay(message.channel)):
            waiting.add(message.channel)
            later.append(message)
        else:
            yield message
    yield from later


Outcome = Literal["sent", "edited", "not sent", "token"]


def _deliver(services: Delivery, message: OutboxMessage, now: datetime, worker: str) -> Outcome:
    _sending.add(message.pk)
    try:
        if not _renew(services, message, worker):
            log.warning("outbox %s: lease lost before sending; another process has it", message.idempotency_key)
            return "not sent"
        if _held_overnight(services, message, now, worker):
            return "not sent"
        return _send(services, message, now, worker)
    finally:
        _sending.discard(message.pk)


def _held_overnight(services: Delivery, message: OutboxMessage, now: datetime, worker: str) -> bool:
    """A message that can wait, due in its recipient's night, waits for their morning digest instead."""
    if message.urgent or services.quiet is None:
        return False
    until = services.quiet.until(message, now)
    if until is None:
        return False
    _record(services, message, worker, status=repo.OVERNIGHT, next_attempt_at=until)
    return True


def _renew(services: Delivery, message: OutboxMessage, worker: str) -> bool:
    with services.unit_of_work() as session:
        return repo.renew(session=session, message_id=message.pk, worker=worker, lease_until=wall_clock() + LEASE)


def _kind_of_refusal(error: SlackApiError) -> tuple[str, Literal["token", "permanent", "transient"]]:
    code = str(error.response.get("error", "")) if error.response is not None else ""
    status = getattr(error.response, "status_code", 200)
    if code in TOKEN_REFUSED:
        return code, "token"
    if code in PERMANENT_ERRORS or (status < 500 and status != 429 and code not in ("ratelimited", "")):
        return code, "permanent"
    return code or f"http {status}", "transient"


def _card_ts(services: Delivery, message: OutboxMessage, now: datetime, worker: str) -> str | Literal[False] | None:
    """The ts of the card a row belongs to; None when it has none (never posted: a threaded row goes in the channel,
    an update is dropped); False when the card is still to be sent (the row waits for it, recorded here)."""
    with services.unit_of_work() as session:
        card = repo.by_key(session=session, key=message.anchor_key or "")
        status, ts = (card.status, card.message_ts) if card is not None else (repo.FAILED, None)
    if status == repo.PENDING:
        _record(services, message, worker, next_attempt_at=now + CARD_WAIT)
        return False
    return ts if status == repo.SENT and ts else None


def _send(services: Delivery, message: OutboxMessage, now: datetime, worker: str) -> Outcome:
    blocks: list[dict[str, Any]] | None = json.loads(message.blocks) if message.blocks else None
    thread_ts: str | None = None
    if message.anchor_key:
        found = _card_ts(services, message, now, worker)
        if found is False:
            return "not sent"
        thread_ts = found
        if message.kind == UPDATE and thread_ts is None:
            _record(services, message, worker, status=repo.SKIPPED, last_error="card never posted")
            return "not sent"
    try:
        if message.kind == UPDATE and thread_ts is not None:
            # chat.update is idempotent: no need to look for an earlier attempt.
            services.slack.update_message(message.channel, thread_ts, text=message.text, blocks=blocks)
            _record(services, message, worker, status=repo.SENT, sent_at=now, message_ts=thread_ts,
                    thread_ts=thread_ts, attempts=message.attempts + 1, last_error=None)
            return "edited"
        if message.attachment is None and message.last_error == repo.INTERRUPTED:
            # Looked for where the first send went: Slack's history leaves thread replies out.
            landed = _already_landed(services, message, thread_ts)
            if landed is not None:
                _record(services, message, worker, status=repo.SENT, sent_at=now, message_ts=landed,
                        thread_ts=thread_ts, attempts=message.attempts + 1, last_error=None)
                log.info("outbox %s had landed before its sender died; not sent again", message.idempotency_key)
                return "sent"
        if message.attachment is not None:
            services.slack.upload_file(message.channel, filename=message.attachment_name or "file",
                                       content=message.attachment, title=message.attachment_name or "file",
                                       comment=message.text)
            ts = None
        else:
            ts = services.slack.post_message(message.channel, text=message.text, blocks=blocks,
                                             delivery_key=message.idempotency_key, thread_ts=thread_ts).ts
    except SlackApiError as error:
        code, kind = _kind_of_refusal(error)
        if kind == "token":
            services.slack.token_pause.refused(code)
            # Pending as it was, lease given back; a possible earlier send stays to be looked for.
            _record(services, message, worker,
                    last_error=repo.INTERRUPTED if message.last_error == repo.INTERRUPTED else code[:500])
            return "token"
        if kind == "permanent":
            _record(services, message, worker, status=repo.FAILED, last_error=code[:500], attempts=message.attempts + 1)
            log.warning("outbox %s refused by Slack: %s", message.idempotency_key, code)
            return "not sent"
        headers = error.response.headers if error.response is not None else None
        _retry_later(services, message, now, worker, code, at_least=retry_after_seconds(headers))
        return "not sent"
    except (SlackRequestError, OSError) as error:
        _retry_later(services, message, now, worker, type(error).__name__)
        return "not sent"
    _record(services, message, worker, status=repo.SENT, sent_at=now, message_ts=ts, thread_ts=thread_ts,
            attempts=message.attempts + 1, last_error=None)
    return "sent"


def _already_landed(services: Delivery, message: OutboxMessage, thread_ts: str | None) -> str | None:
    """The ts of this message if its first send reached Slack (in the thread of `thread_ts`, the card's ts as
    `_card_ts` gives it to the send); None to send it (also when Slack cannot say, short of a refused token or a
    transient failure, which end this attempt: a message lost is worse than one twice)."""
    try:
        found = services.slack.find_delivered(message.channel, message.idempotency_key, thread_ts=thread_ts)
    except SlackApiError as error:
        if _kind_of_refusal(error)[1] == "permanent":
            log.warning("outbox %s: could not look for an earlier send (%s); sending", message.idempotency_key,
                        _kind_of_refusal(error)[0])
            return None
        raise
    return found.ts if found is not None else None


def _retry_later(services: Delivery, message: OutboxMessage, now: datetime, worker: str, reason: str,
                 *, at_least: int | None = None) -> None:
    attempts = message.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        _record(services, message, worker, status=repo.FAILED, last_error=reason[:500], attempts=attempts)
        return
    backoff = max(timedelta(minutes=min(60, 2 ** (attempts - 1))), timedelta(seconds=at_least or 0))
    _record(services, message, worker, attempts=attempts, last_error=reason[:500], next_attempt_at=now + backoff)
    log.info("outbox %s will be retried after %s: %s", message.idempotency_key, backoff, reason)


def _record(services: Delivery, message: OutboxMessage, worker: str, **values: object) -> None:
    with services.unit_of_work() as session:
        if not repo.finish(session=session, message_id=message.pk, worker=worker, **values):
            log.warning("outbox %s: lease lost before the outcome was recorded", message.idempotency_key)


def release_leases(services: Delivery, *, worker: str | None = None) -> int:
    """On a graceful stop: what this process claimed but did not send goes back to the pool now, not in 5 minutes."""
    worker = worker or WORKER
    with services.unit_of_work() as session:
        return repo.release(session=session, worker=worker, keep=_sending.ids())
