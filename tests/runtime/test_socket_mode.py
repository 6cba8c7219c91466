"""Socket Mode end to end: `campaignbot run` with SLACK_APP_TOKEN opens the connection `apps.connections.open`
names (a local websocket double here), and answers a slash command envelope with its acknowledgement."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.kernel.ids import View
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.websocket_double import SocketModeDouble

ROOT = Path(__file__).resolve().parents[2]


def _command_envelope(envelope_id: str, text: str) -> dict:
    command = {"token": "legacy", "team_id": payloads.TEAM, "team_domain": "acme", "channel_id": payloads.CHANNEL,
               "channel_name": "campaign", "user_id": "U_OWNER", "user_name": "owner", "command": "/campaign",
               "text": text, "api_app_id": "A1", "response_url": "http://127.0.0.1:9/unused",
               "trigger_id": "trigger-socket"}
    return {"envelope_id": envelope_id, "type": "slash_commands", "payload": command,
            "accepts_response_payload": True}


@pytest.fixture
def double() -> Iterator[SocketModeDouble]:
    double = SocketModeDouble([_command_envelope("env-help", "help"), _command_envelope("env-list", "list")])
    yield double
    double.close()


def test_run_in_socket_mode_answers_commands(bot: BotHarness, engine: Engine, double: SocketModeDouble) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(name="Socket Sale")).text == ""
    # The stand-in hands out the double's address, as Slack hands out a wss:// URL for the app-level token.
    bot.standin.respond_with("apps.connections.open", lambda _body: {"ok": True, "url": double.url})
    env = {**os.environ, "SLACK_BOT_TOKEN": "xoxb-test", "SLACK_APP_TOKEN": "xapp-test",
           "SLACK_API_URL": bot.standin.url, "DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    env.pop("SLACK_SIGNING_SECRET", None)
    process = subprocess.Popen([sys.executable, "-m", "bot.runtime.cli", "run", "--no-scheduler"], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        acks = {ack["envelope_id"]: ack for ack in double.wait_for_acks(2, timeout=90)}
    finally:
        process.terminate()
        output = process.communicate(timeout=30)[0].decode("utf-8", "replace")
    assert "connected to Slack in Socket Mode" in output
    assert process.returncode == 0 and "stopped cleanly" in output, output[-2000:]  # SIGTERM is a graceful stop
    assert set(acks) == {"env-help", "env-list"}, output[-2000:]
    assert "Commands for `/campaign`" in acks["env-help"]["payload"]["text"]
    assert "Socket Sale" in str(acks["env-list"]["payload"])
    assert bot.standin.calls_to("apps.connections.open")
