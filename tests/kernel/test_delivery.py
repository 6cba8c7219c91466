"""Outbox delivery under faults: rate limits, 5xx, dropped connections, refusals, crashed workers, and two
processes delivering at once — every message still goes out exactly once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, select

from bot.kernel.slack import outbox
from bot.kernel.slack.gateway import ChannelPacer
from bot.runtime.app import build_services
from scheduler.passes import run_due
from storage.models import OutboxMessage
from storage.repositories import delivery as outbox_repository
from storage.session import make_session_factory
from tests.support.scenario_clock import Scenario, at
from tests.support.slack_standin import Scripted

REMINDER_AT = "05-10 09:00"  # the first task reminder of the scenario


def _task_rows(scenario: Scenario) -> list[OutboxMessage]:
    return [row for row in scenario.outbox() if row.kind.startswith("task_")]


def _reminders_posted(scenario: Scenario) -> int:
    return sum(1 for post in scenario.bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_WANG")


def test_rate_limit_with_retry_after_is_honoured_and_sent_once(scenario: Scenario) -> None:
    limited = Scripted(status=429, body={"ok": False, "error": "ratelimited"}, headers={"Retry-After": "0"})
    scenario.bot.standin.script("chat.postMessage", limited, limited)
    scenario.tick(REMINDER_AT)
    assert _reminders_posted(scenario) == 3  # two refused attempts, then the one that landed
    [row] = _task_rows(scenario)
    assert (row.status, row.attempts) == ("sent", 1)
    scenario.tick(REMINDER_AT)
    assert _reminders_posted(scenario) == 3


def test_server_errors_leave_the_message_for_a_later_pass(scenario: Scenario) -> None:
    failing = Scripted(status=500, body={"ok": False, "error": "internal_error"})
    scenario.bot.standin.script("chat.postMessage", *[failing] * 4)  # the first try and the client's 3 retries
    scenario.tick(REMINDER_AT)
    [row] = _task_rows(scenario)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "internal_error")
    assert row.next_attempt_at == at(REMINDER_AT) + timedelta(minutes=1)
    scenario.tick("05-10 09:00")  # not yet: backing off
    assert [r.status for r in _task_rows(scenario)] == ["pending"]
    scenario.tick("05-10 09:01")
    [row] = _task_rows(scenario)
    assert (row.status, row.attempts) == ("sent", 2)
    assert _reminders_posted(scenario) == 5


def test_dropped_connections_are_retried_until_delivered(scenario: Scenario) -> None:
    dropped = Scripted(drop_connection=True)
    scenario.bot.standin.script("chat.postMessage", *[dropped] * 4)
    scenario.tick(REMINDER_AT)
    assert _task_rows(scenario)[0].status == "pending"
    scenario.tick("05-10 09:01")
    assert _task_rows(scenario)[0].status == "sent"
    scenario.tick("05-10 09:05")
    delivered = [p for p in scenario.bot.standin.calls_to("chat.postMessage") if p["channel"] == "U_WANG"]
    assert len(delivered) == 5 and len({p["text"] for p in delivered}) == 1


def test_permanent_refusal_is_recorded_not_retried(scenario: Scenario) -> None:
    scenario.bot.standin.script("chat.postMessage", Scripted(body={"ok": False, "error": "user_not_found"}))
    scenario.tick(REMINDER_AT)
    scenario.tick("05-10 10:00")
    [row] = _task_rows(scenario)
    assert (row.status, row.last_error) == ("failed", "user_not_found")
    assert _reminders_posted(scenario) == 1


def test_a_worker_killed_after_claiming_loses_nothing(scenario: Scenario, monkeypatch: pytest.MonkeyPatch) -> None:
    bot = scenario.bot
    # Decide the reminder without delivering it, then let a worker claim it and die.
    from bot.tasks import scheduled as task_reminders

    real = [datetime(2026, 12, 3, 12, 0, tzinfo=UTC)]  # leases run on the real clock, whatever a pass works for
    monkeypatch.setattr(outbox, "wall_clock", lambda: real[0])
    task_reminders.run(bot.services, at(REMINDER_AT))
    with bot.session() as session:
        claimed = outbox_repository.claim_due(session=session, now=at(REMINDER_AT), worker="dead-worker",
                                              lease_now=real[0], lease_until=real[0] + outbox.LEASE, limit=10)
    assert len(claimed) == 1
    real[0] += timedelta(minutes=1)
    scenario.tick("05-10 09:01")
    assert _reminders_posted(scenario) == 0  # the dead worker's lease still holds
    real[0] += timedelta(minutes=5)
    scenario.tick("05-10 09:06")
    assert _reminders_posted(scenario) == 1
    assert _task_rows(scenario)[0].status == "sent"


def test_a_stale_worker_cannot_record_over_the_new_owner(scenario: Scenario) -> None:
    with scenario.bot.session() as session:
        outbox.enqueue(session, key="k", kind="test", channel="C1", text="hi", now=at(REMINDER_AT))
        [message_id] = outbox_repository.claim_due(session=session, now=at(REMINDER_AT), worker="old",
                                                   lease_until=at(REMINDER_AT), limit=1)
    with scenario.bot.session() as session:
        outbox_repository.claim_due(session=session, now=at("05-10 09:01"), worker="new",
                                    lease_until=at("05-10 09:06"), limit=1)
        assert not outbox_repository.finish(session=session, message_id=message_id, worker="old", status="sent")


def test_two_processes_deliver_every_reminder_exactly_once(scenario: Scenario, engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serves one process; concurrent claiming is proved on PostgreSQL")
    bot = scenario.bot
    from storage.models import Task

    with bot.session() as session:
        template = session.scalars(select(Task)).one()
        for number in range(60):
            session.add(Task(**{**template.model_dump(exclude={"id"}), "title": f"Task {number:02d}"}))
    with bot.session() as session:
        from bot.tasks.service.scheduling import schedule_task
        from storage.models import Campaign

        campaign = session.scalars(select(Campaign)).one()
        for task in session.scalars(select(Task)):
            schedule_task(task, campaign, at("05-01 00:00"))
    processes = [bot.services] + [
        build_services(bot.settings, client=bot.services.slack.client, session_factory=make_session_factory(engine),
                       clock=bot.clock, pacer=ChannelPacer(sleep=lambda _: None))
        for _ in range(2)
    ]
    start = threading.Barrier(len(processes))
    errors: list[BaseException] = []

    def work(services) -> None:  # type: ignore[no-untyped-def]
        try:
            start.wait()
            for minute in range(3):
                run_due(services, at(REMINDER_AT) + timedelta(minutes=minute))
        except BaseException as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=work, args=(services,)) for services in processes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    texts = [post["text"] for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_WANG"]
    assert len(texts) == 61 and len(set(texts)) == 61
    assert {row.status for row in _task_rows(scenario)} == {"sent"}


def test_a_channel_that_must_wait_does_not_hold_up_the_others(scenario: Scenario) -> None:
    with scenario.bot.session() as session:
        for key, channel in (("a1", "C_A"), ("a2", "C_A"), ("b1", "C_B"), ("a3", "C_A"), ("c1", "C_C")):
            outbox.enqueue(session, key=key, kind="test", channel=channel, text=key, now=at(REMINDER_AT))
    outbox.deliver_due(scenario.bot.services, at(REMINDER_AT))
    texts = [post["text"] for post in scenario.bot.standin.calls_to("chat.postMessage")
             if post["channel"] in ("C_A", "C_B", "C_C")]
    assert texts == ["a1", "b1", "c1", "a2", "a3"]  # C_A's own order kept
