"""CAMPAIGNBOT_LOG_FORMAT=json end to end: lines written while serving a signed request carry its request id,
lines written while a pass handles a campaign carry the campaign id."""

from __future__ import annotations

import io
import json

from tests.support.harness import BotHarness
from tests.support.slack_standin import Scripted


def entries(stream: io.StringIO) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_a_listener_log_line_names_the_request(bot: BotHarness, json_log: io.StringIO) -> None:
    # users.info failing makes the listener log that it falls back to the default language.
    bot.standin.script("users.info", Scripted(body={"ok": False, "error": "user_not_found"}))
    response = bot.command("help", user="U_NOBODY")
    assert response.status_code == 200
    lines = [entry for entry in entries(json_log) if entry["logger"] == "bot.kernel.services"]
    assert lines, entries(json_log)
    assert {entry["request_id"] for entry in lines} == {response.headers["x-request-id"]}
    assert "U_NOBODY" in lines[0]["message"]
