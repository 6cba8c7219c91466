"""SIGTERM on `campaignbot run`: stop taking requests, finish what is in flight, give back what was claimed and
not sent, exit 0 within 10 s; a new process then sends the rest, each message once."""

from __future__ import annotations

import signal
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, select

from bot.kernel.ids import View
from bot.runtime.serving import STOP_SECONDS
from storage.models import OutboxMessage
from storage.session import make_session_factory, session_scope
from tests.runtime.test_cli import CAMPAIGNBOT, _env, _free_port
from tests.support import payloads
from tests.support.databases import wipe
from tests.support.slack_standin import SlackStandIn

DUE = datetime(2026, 1, 1, tzinfo=UTC)  # long due by the real clock the process runs on
QUEUED = 12
SLACK_SECONDS = 0.4  # each post: the pass is still sending when the signal comes


def _slow_post(body: dict[str, Any]) -> dict[str, Any]:
    time.sleep(SLACK_SECONDS)
    return {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"}


def _queue(engine: Engine) -> None:
    with session_scope(make_session_factory(engine)) as session:
        for n in range(QUEUED):  # one channel each: no per-channel pacing in the way
            session.add(OutboxMessage(idempotency_key=f"queued:{n}", kind="notice", channel=f"C_QUEUED{n}",
                                      text=f"queued message {n}", next_attempt_at=DUE, created_at=DUE))


def _rows(engine: Engine) -> list[OutboxMessage]:
    with session_scope(make_session_factory(engine)) as session:
        rows = list(session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
        session.expunge_all()
        return rows


def _posted_texts(standin: SlackStandIn) -> list[str]:
    return [str(call.get("text", "")) for call in standin.calls_to("chat.postMessage")]


def _env_for(engine: Engine, standin: SlackStandIn, port: int) -> dict[str, str]:
    return _env(DATABASE_URL=engine.url.render_as_string(hide_password=False), SLACK_BOT_TOKEN="xoxb-test",
                SLACK_SIGNING_SECRET=payloads.SIGNING_SECRET, SLACK_API_URL=standin.url, PORT=str(port),
                CAMPAIGNBOT_TIMEZONE="Asia/Shanghai", CAMPAIGNBOT_PASS_SECONDS="1")


def _stop(process: subprocess.Popen[str], sig: signal.Signals) -> str:
    """Send `sig`; the process must exit 0 within the graceful-stop budget. Returns what it printed."""
    signalled = time.monotonic()
    try:
        process.send_signal(sig)
        returncode = process.wait(timeout=STOP_SECONDS + 5)
        took = time.monotonic() - signalled
    finally:
        if process.poll() is None:
            process.kill()
    log = process.stdout.read() if process.stdout else ""
    assert returncode == 0, log
    assert took < STOP_SECONDS, log
    assert "stopped cleanly" in log
    return log


def _check_nothing_lost(engine: Engine, standin: SlackStandIn, env: dict[str, str], cwd: Path) -> None:
    queued = [row for row in _rows(engine) if row.kind == "notice"]
    sent = [row for row in queued if row.status == "sent"]
    left = [row for row in queued if row.status != "sent"]
    assert left, "the pass should have been stopped before the end of the queue"
    # Nothing sent without its outcome recorded, nothing left under a lease another process would wait 5 minutes on.
    assert sorted(text for text in _posted_texts(standin) if text.startswith("queued")) == sorted(
        row.text for row in sent)
    assert all(row.status == "pending" and row.lease_owner is None and row.lease_until is None for row in left)

    # The next process (here a one-off `campaignbot tick`) sends the rest at once, each message once.
    tick = subprocess.run([*CAMPAIGNBOT, "tick", "--at", datetime.now(UTC).isoformat()], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert tick.returncode == 0, tick.stderr
    assert sorted(text for text in _posted_texts(standin) if text.startswith("queued")) == sorted(
        f"queued message {n}" for n in range(QUEUED))
    assert {row.status for row in _rows(engine)} == {"sent"}


def test_sigterm_finishes_in_flight_work_releases_claims_and_exits_0(engine: Engine, standin: SlackStandIn,
                                                                     tmp_path: Path) -> None:
    wipe(engine)
    _queue(engine)
    standin.respond_with("chat.postMessage", _slow_post)
    port = _free_port()
    env = _env_for(engine, standin, port)
    process = subprocess.Popen([*CAMPAIGNBOT, "run"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        # The first pass (a second after start) is now sending the queue, one slow post after another.
        standin.wait_for("chat.postMessage", count=2, timeout=30)
        # A person's action in flight: the campaign is saved, then its announcement goes to Slack (slowly).
        submission = payloads.view_submission(View.NEW_CAMPAIGN, payloads.campaign_values(name="Launch"),
                                              user="U_OWNER")
        answer = httpx.post(f"{base}/slack/events", content=submission, headers=payloads.signed_headers(submission),
                            timeout=10)
        assert answer.status_code == 200 and answer.text == ""
    except BaseException:
        process.kill()
        raise
    _stop(process, signal.SIGTERM)
    # Stopped taking requests.
    try:
        httpx.get(f"{base}/healthz", timeout=1)
        raise AssertionError("still serving after SIGTERM")
    except httpx.TransportError:
        pass
    [announcement] = [row for row in _rows(engine) if row.kind != "notice"]
    assert announcement.status == "sent" and announcement.message_ts  # finished, and recorded as sent
    _check_nothing_lost(engine, standin, env, tmp_path)


def test_sigint_stops_the_scheduler_process_mid_delivery_with_nothing_lost(engine: Engine, standin: SlackStandIn,
                                                                           tmp_path: Path) -> None:
    wipe(engine)
    _queue(engine)
    standin.respond_with("chat.postMessage", _slow_post)
    env = _env_for(engine, standin, _free_port())
    process = subprocess.Popen([*CAMPAIGNBOT, "scheduler"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    try:
        standin.wait_for("chat.postMessage", count=2, timeout=30)
    except BaseException:
        process.kill()
        raise
    _stop(process, signal.SIGINT)  # Ctrl-C in a terminal
    _check_nothing_lost(engine, standin, env, tmp_path)
