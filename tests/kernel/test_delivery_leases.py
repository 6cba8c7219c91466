"""Leases on the real clock: a pass working for another instant (`campaignbot tick --at`), a pass longer than a
lease, a long Retry-After and a sender killed while Slack answered (in a channel or in a card's thread) never make a
message go out twice."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import Engine

from bot.incidents.service import incidents as incident_service
from bot.kernel.clock import FixedClock
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.kernel.slack.gateway import ChannelPacer
from bot.plan.rules.emergency_plan import IncidentKind, Severity
from bot.runtime.app import build_services
from bot.tasks import scheduled as task_reminders
from scheduler.passes import run_due
from storage.repositories import delivery as outbox_repository
from storage.session import make_session_factory
from tests.support import payloads
from tests.support.scenario_clock import Scenario, at
from tests.support.slack_standin import Scripted

NOW = at("05-10 09:00")
MESSAGES = 40


class WallClock:
    """The real clock as the outbox reads it, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def wall(monkeypatch: pytest.MonkeyPatch) -> WallClock:
    clock = WallClock()
    monkeypatch.setattr(outbox, "wall_clock", clock)
    return clock


def _another_process(scenario: Scenario, engine: Engine, now: datetime) -> Services:
    bot = scenario.bot
    return build_services(bot.settings, client=bot.services.slack.client, session_factory=make_session_factory(engine),
                          clock=FixedClock(now), pacer=ChannelPacer(sleep=lambda _: None))


def _enqueue(scenario: Scenario, due: datetime) -> None:
    with scenario.bot.session() as session:
        for number in range(MESSAGES):
            outbox.enqueue(session, key=f"note:{number}", kind="test", channel="C_NOTES", text=f"note {number:02d}",
                           now=due)


def _posted(scenario: Scenario) -> Counter[str]:
    return Counter(post["text"] for post in scenario.bot.standin.calls_to("chat.postMessage")
                   if post["channel"] == "C_NOTES")


def _as_worker(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    monkeypatch.setattr(outbox, "WORKER", name)


def test_a_tick_for_ten_minutes_ago_next_to_the_running_bot_sends_each_message_once(
    scenario: Scenario, engine: Engine, wall: WallClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _enqueue(scenario, NOW - timedelta(minutes=20))
    running = scenario.bot.services
    ticking = _another_process(scenario, engine, NOW - timedelta(minutes=10))
    once = threading.Event()

    def post(body: dict[str, Any]) -> dict[str, Any]:
        # While `tick --at <10 minutes ago>` sends its first message, the running bot's own pass comes round.
        if not once.is_set():
            once.set()
            _as_worker(monkeypatch, "running-bot")
            run_due(running, NOW)
            _as_worker(monkeypatch, "tick-at")
        return {"ok": True, "channel": body["channel"], "ts": "1.000001"}

    scenario.bot.standin.respond_with("chat.postMessage", post)
    _as_worker(monkeypatch, "tick-at")
    run_due(ticking, NOW - timedelta(minutes=10))
    posted = _posted(scenario)
    assert len(posted) == MESSAGES and set(posted.values()) == {1}
    assert {row.status for row in scenario.outbox() if row.kind == "test"} == {"sent"}


def test_a_pass_longer_than_the_lease_does_not_send_what_another_process_took_over(
    scenario: Scenario, engine: Engine, wall: WallClock, monkeypatch: pytest.MonkeyPatch,
) -> None:
    _enqueue(scenario, NOW)
    later = _another_process(scenario, engine, NOW + timedelta(minutes=6))
    took_over = threading.Event()

    def post(body: dict[str, Any]) -> dict[str, Any]:
        wall.advance(seconds=10)  # a slow Slack: 40 posts take longer than one lease
        if outbox.WORKER == "slow" and wall.now - start > outbox.LEASE and not took_over.is_set():
            took_over.set()
            _as_worker(monkeypatch, "later")
            run_due(later, NOW + timedelta(minutes=6))
            _as_worker(monkeypatch, "slow")
        return {"ok": True, "channel": body["channel"], "ts": "1.000001"}

    start = wall.now
    scenario.bot.standin.respond_with("chat.postMessage", post)
    _as_worker(monkeypatch, "slow")
    run_due(scenario.bot.services, NOW)
    assert took_over.is_set()
    posted = _posted(scenario)
    assert len(posted) == MESSAGES and set(posted.values()) == {1}
    assert {row.status for row in scenario.outbox() if row.kind == "test"} == {"sent"}


def test_a_long_retry_after_hands_the_message_back_instead_of_sleeping(scenario: Scenario, wall: WallClock) -> None:
    limited = Scripted(status=429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": "60"})
    scenario.bot.standin.script("chat.postMessage", limited)
    with scenario.bot.session() as session:
        outbox.enqueue(session, key="note", kind="test", channel="C_NOTES", text="note", now=NOW)
    tick = threading.Thread(target=scenario.tick, args=(NOW,), daemon=True)
    tick.start()
    tick.join(timeout=10)
    assert not tick.is_alive(), "the pass slept on a Retry-After longer than the cap"
    [row] = [row for row in scenario.outbox() if row.kind == "test"]
    assert (row.status, row.attempts, row.last_error, row.lease_owner) == ("pending", 1, "ratelimited", None)
    assert row.next_attempt_at == NOW + timedelta(minutes=1)
    scenario.tick(NOW + timedelta(minutes=1))
    assert _posted(scenario) == Counter({"note": 2})  # the refused try and the one that landed


def _claim_as_dead_worker(scenario: Scenario, wall: WallClock) -> Any:
    """A process claims the due reminder and starts sending it; kill -9 lands before the outcome is recorded."""
    bot = scenario.bot
    task_reminders.run(bot.services, NOW)
    with bot.session() as session:
        [claimed] = outbox_repository.claim_due(session=session, now=NOW, worker="dead", lease_now=wall(),
                                                lease_until=wall() + outbox.LEASE, limit=10)
        return session.get(outbox_repository.OutboxMessage, claimed)


def _reminders(scenario: Scenario) -> list[dict[str, Any]]:
    return [post for post in scenario.bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_WANG"]


def test_a_sender_killed_while_slack_answered_is_not_sent_again(scenario: Scenario, wall: WallClock) -> None:
    message = _claim_as_dead_worker(scenario, wall)
    landed = scenario.bot.services.slack.post_message(message.channel, text=message.text,
                                                      delivery_key=message.idempotency_key)
    wall.advance(minutes=1)
    scenario.tick(NOW + timedelta(minutes=1))
    assert len(_reminders(scenario)) == 1  # its lease still holds
    wall.advance(minutes=5)
    scenario.tick(NOW + timedelta(minutes=6))
    scenario.tick(NOW + timedelta(minutes=30))
    assert len(_reminders(scenario)) == 1
    [row] = [row for row in scenario.outbox() if row.kind.startswith("task_")]
    assert (row.status, row.message_ts, row.lease_owner) == ("sent", landed.ts, None)
    assert scenario.bot.standin.calls_to("conversations.history")[0]["include_all_metadata"] in ("1", "true")


def test_a_sender_killed_before_slack_took_the_message_is_sent_after_its_lease(
    scenario: Scenario, wall: WallClock,
) -> None:
    _claim_as_dead_worker(scenario, wall)
    wall.advance(minutes=6)
    scenario.tick(NOW + timedelta(minutes=6))
    [post] = _reminders(scenario)
    assert post["metadata"]["event_payload"]["key"].startswith("task")
    [row] = [row for row in scenario.outbox() if row.kind.startswith("task_")]
    assert (row.status, row.attempts, row.last_error) == ("sent", 1, None)


def _incident(scenario: Scenario, description: str, when: str) -> None:
    with scenario.bot.session() as session:
        incident = incident_service.open_incident(
            session=session, campaign_id=1, kind=IncidentKind.TRAFFIC, severity=Severity.MINOR,
            description=description, reporter_id=incident_service.SCHEDULER_ACTOR, now=at(when), team_id=None,
            dedupe_key="traffic:2026-05-05")
        incident_service.announce_incident(session=session, incident=incident, now=at(when))


def _claim_thread_note_as_dead_worker(scenario: Scenario, wall: WallClock) -> tuple[Any, str]:
    """An incident's card is in the channel; its update note, due in the card's thread, is claimed and being sent
    when kill -9 lands. Returns the note's row and the card's ts."""
    _incident(scenario, "Participants 35% below plan", "05-06 09:00")
    scenario.tick("05-06 09:00")
    _incident(scenario, "Participants 50% below plan", "05-06 10:00")  # the same incident: a note in its thread
    with scenario.bot.session() as session:
        card = outbox_repository.by_key(session=session, key="incident:1:card")
        [note] = [row for row in scenario.outbox() if row.kind == "incident_note" and row.status == "pending"]
        assert card is not None and card.message_ts and note.anchor_key == "incident:1:card"
        outbox_repository.claim_keys(session=session, keys=[note.idempotency_key], now=at("05-06 10:00"),
                                     worker="dead", lease_now=wall(), lease_until=wall() + outbox.LEASE)
        return session.get(outbox_repository.OutboxMessage, note.id), card.message_ts


def _thread_notes(scenario: Scenario, key: str) -> list[dict[str, Any]]:
    return [post for post in scenario.bot.standin.calls_to("chat.postMessage")
            if post["channel"] == payloads.CHANNEL and (post.get("metadata") or {}).get("event_payload", {}).get("key")
            == key]


def test_a_thread_reply_killed_while_slack_answered_is_not_sent_again(scenario: Scenario, wall: WallClock) -> None:
    note, card_ts = _claim_thread_note_as_dead_worker(scenario, wall)
    landed = scenario.bot.services.slack.post_message(note.channel, text=note.text, thread_ts=card_ts,
                                                      delivery_key=note.idempotency_key)
    wall.advance(minutes=6)
    scenario.tick("05-06 10:06")
    scenario.tick("05-06 10:30")
    assert len(_thread_notes(scenario, note.idempotency_key)) == 1  # the one the dead sender got out
    row = next(row for row in scenario.outbox() if row.id == note.id)
    assert (row.status, row.message_ts, row.thread_ts, row.lease_owner) == ("sent", landed.ts, card_ts, None)
    # Slack's history leaves thread replies out: the thread itself was read, metadata asked for.
    [looked] = scenario.bot.standin.calls_to("conversations.replies")
    assert (looked["channel"], looked["ts"], looked["include_all_metadata"]) in (
        (payloads.CHANNEL, card_ts, "1"), (payloads.CHANNEL, card_ts, "true"))


def test_a_thread_reply_killed_before_slack_took_it_is_sent_once_in_the_thread(
    scenario: Scenario, wall: WallClock,
) -> None:
    note, card_ts = _claim_thread_note_as_dead_worker(scenario, wall)
    wall.advance(minutes=6)
    scenario.tick("05-06 10:06")
    scenario.tick("05-06 10:30")
    [post] = _thread_notes(scenario, note.idempotency_key)
    assert post["thread_ts"] == card_ts and "updated" in str(post["text"])
    row = next(row for row in scenario.outbox() if row.id == note.id)
    assert (row.status, row.attempts, row.last_error, row.thread_ts) == ("sent", 1, None, card_ts)
