"""Restart with nothing lost: a bot stops mid-way with messages decided but not sent (some claimed under a
lease, some waiting for a retry); a new process sends every one of them, once."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from bot.kernel.slack import outbox
from bot.lifecycle import scheduled as campaign_events
from bot.summary import scheduled as daily_summaries
from bot.tasks import scheduled as task_reminders
from storage.repositories import delivery as outbox_repository
from tests.runtime.test_cli_tick import _tick
from tests.support import payloads
from tests.support.scenario_clock import Scenario, at
from tests.support.slack_standin import Scripted


def test_a_new_process_delivers_what_a_stopped_bot_left_pending(scenario: Scenario, engine: Engine,
                                                               tmp_path: Path) -> None:
    bot = scenario.bot
    bot.clock.set(at("05-12 21:00"))
    # The old process decides the 21:00 summary and the task's reminder, then delivers part of it: its first
    # post is dropped by the network (left for a retry), the next message is claimed by it and then it dies.
    for decide in (campaign_events.run, task_reminders.run, daily_summaries.run):
        decide(bot.services, at("05-12 21:00"))
    # (the campaign card's edit for its start goes first: this test is about posts)
    outbox.deliver(bot.services, [row.idempotency_key for row in scenario.outbox() if row.kind == outbox.UPDATE])
    decided = [row for row in scenario.outbox() if row.status == "pending"]
    assert len(decided) >= 2
    ids = {row.id for row in decided}
    bot.standin.script("chat.postMessage", *[Scripted(drop_connection=True)] * 4)
    with bot.session() as session:
        [first] = outbox_repository.claim_due(session=session, now=at("05-12 21:00"), worker="old",
                                              lease_until=at("05-12 21:00") + outbox.LEASE, limit=1)
    outbox._deliver(bot.services, next(row for row in decided if row.id == first), at("05-12 21:00"), "old")
    with bot.session() as session:
        outbox_repository.claim_due(session=session, now=at("05-12 21:00"), worker="old",
                                    lease_until=at("05-12 21:00") + outbox.LEASE, limit=1)
    bot.standin.reset_calls()
    assert {row.status for row in scenario.outbox() if row.id in ids} == {"pending"}  # the old process stops here

    # A new process (a real one: `campaignbot tick`) after the lease and the retry backoff have passed.
    result = _tick(engine, bot.standin.url, "2026-05-12T21:06:00+08:00", tmp_path)
    assert result.returncode == 0, result.stderr
    rows = [row for row in scenario.outbox() if row.id in ids]
    assert {row.status for row in rows} == {"sent"}
    assert {row.kind for row in rows} >= {"daily_summary", "task_due_before"}
    posted = bot.standin.calls_to("chat.postMessage")
    uploads = bot.standin.calls_to("files.completeUploadExternal")
    assert len(posted) + len(uploads) == len(rows)
    assert any(post["channel"] == payloads.CHANNEL for post in posted)  # the summary
    assert any(post["channel"] == "U_WANG" for post in posted)  # the task reminder

    again = _tick(engine, bot.standin.url, "2026-05-12T21:07:00+08:00", tmp_path)
    assert again.returncode == 0 and "0 message(s) sent" in again.stdout
    assert len(bot.standin.calls_to("chat.postMessage")) == len(posted)
