"""The `campaignbot` console command, run as a new user would run it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, select

from bot.kernel.ids import Action, View
from storage.models import Campaign
from storage.session import make_session_factory, session_scope
from tests.support import payloads
from tests.support.databases import wipe
from tests.support.slack_standin import SlackStandIn

CAMPAIGNBOT = [sys.executable, "-m", "bot.runtime.cli"]
ROOT = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    env.pop("DATABASE_URL", None)
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _cli(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CAMPAIGNBOT, *args], cwd=cwd, env=_env(**env), capture_output=True, text=True,
                          timeout=60, check=False)


def test_run_with_an_app_token_but_no_bot_token_explains_what_to_set(tmp_path: Path) -> None:
    result = _cli("run", cwd=tmp_path, SLACK_APP_TOKEN="xapp-1")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    for words in ("SLACK_BOT_TOKEN", "OAuth & Permissions", "manifest.yml"):
        assert words in result.stderr
    assert not (tmp_path / "campaignbot.db").exists()  # nothing half-started


def test_a_bot_token_never_starts_the_sandbox(tmp_path: Path) -> None:
    result = _cli("run", cwd=tmp_path, SLACK_BOT_TOKEN="xoxb-1")
    assert result.returncode == 2
    assert "SLACK_SIGNING_SECRET" in result.stderr and "Sandbox:" not in result.stdout
    assert not (tmp_path / "campaignbot.sandbox.db").exists()


def test_migrate_twice_on_the_default_sqlite_database(tmp_path: Path) -> None:
    first = _cli("migrate", cwd=tmp_path)
    second = _cli("migrate", cwd=tmp_path)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert (tmp_path / "campaignbot.db").exists()


def test_tick_needs_an_offset(tmp_path: Path) -> None:
    result = _cli("tick", "--at", "2026-05-10T09:00:00", cwd=tmp_path, SLACK_BOT_TOKEN="xoxb-x",
                  SLACK_SIGNING_SECRET="s")
    assert result.returncode == 2
    assert "needs a UTC offset" in result.stderr


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def running_bot(engine: Engine, standin: SlackStandIn, tmp_path: Path) -> Iterator[str]:
    wipe(engine)
    port = _free_port()
    env = _env(
        DATABASE_URL=engine.url.render_as_string(hide_password=False), SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET=payloads.SIGNING_SECRET, SLACK_API_URL=standin.url, PORT=str(port),
        CAMPAIGNBOT_TIMEZONE="Asia/Shanghai",
    )
    process = subprocess.Popen([*CAMPAIGNBOT, "run"], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
        else:
            raise AssertionError("campaignbot run did not serve /healthz within 30 s")
        yield base
    finally:
        process.terminate()
        # SIGTERM is a graceful stop: in-flight work finishes, leases go back, and the exit status says so.
        returncode = process.wait(timeout=10)
    assert returncode == 0, process.stdout.read() if process.stdout else ""


def _post(base: str, body: str) -> httpx.Response:
    return httpx.post(f"{base}/slack/events", content=body, headers=payloads.signed_headers(body), timeout=10)


def test_http_mode_round_trip_new_campaign_to_approval(running_bot: str, standin: SlackStandIn,
                                                       engine: Engine) -> None:
    base = running_bot
    assert httpx.get(f"{base}/healthz").text == "ok"

    assert _post(base, payloads.slash_command("new", user="U_OWNER")).status_code == 200
    [opened] = standin.wait_for("views.open")
    assert opened["view"]["callback_id"] == View.NEW_CAMPAIGN

    submission = payloads.view_submission(View.NEW_CAMPAIGN, payloads.campaign_values(name="Launch"), user="U_OWNER")
    assert _post(base, submission).text == ""
    [announcement] = standin.wait_for("chat.postMessage")
    assert announcement["channel"] == payloads.CHANNEL and "Launch" in json.dumps(announcement["blocks"])

    sessions = make_session_factory(engine)
    with session_scope(sessions) as session:
        campaign = session.scalars(select(Campaign)).one()
    standin.add_user("U_ADMIN", is_admin=True)  # the owner never approves their own campaign
    approval = payloads.block_action(Action.APPROVE_CAMPAIGN, str(campaign.id), user="U_ADMIN")
    assert _post(base, approval).status_code == 200
    [update] = standin.wait_for("chat.update")
    assert "Approved by <@U_ADMIN>" in json.dumps(update["blocks"])
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        with session_scope(sessions) as session:
            if session.get(Campaign, campaign.id).status == "approved":  # type: ignore[union-attr]
                break
        time.sleep(0.05)
    else:
        raise AssertionError("campaign was not approved")

    forged = payloads.slash_command("list", user="U_OWNER")
    bad_headers = payloads.signed_headers(forged, secret="wrong")
    assert httpx.post(f"{base}/slack/events", content=forged, headers=bad_headers).status_code == 401
