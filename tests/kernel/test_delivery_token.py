"""A refused token (revoked, deactivated, missing) concerns the whole workspace, not one message: delivery pauses
with every message kept pending, one ERROR says why, and everything goes out once the token works again."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from bot.kernel.slack.gateway import TokenPause
from tests.support.scenario_clock import Scenario, at
from tests.support.slack_standin import Scripted

NOW = at("05-10 09:00")


class Monotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize("code", ["invalid_auth", "account_inactive", "not_authed", "token_revoked"])
def test_a_refused_token_pauses_delivery_and_loses_nothing(scenario: Scenario, caplog: pytest.LogCaptureFixture,
                                                           code: str) -> None:
    bot = scenario.bot
    clock = Monotonic()
    bot.services.slack.token_pause.monotonic = clock
    refused = Scripted(body={"ok": False, "error": code})
    bot.standin.script("chat.postMessage", refused)
    with bot.session() as session:
        from bot.kernel.slack import outbox

        for number in range(3):
            outbox.enqueue(session, key=f"note:{number}", kind="test", channel="C_NOTES", text=f"note {number}",
                           now=NOW)
    caplog.set_level(logging.INFO)
    scenario.tick(NOW)
    assert len(bot.standin.calls_to("chat.postMessage")) == 1  # the rest were not even tried
    rows = [row for row in scenario.outbox() if row.status not in ("sent", "skipped")]
    assert len(rows) > 3 and {(row.status, row.attempts, row.lease_owner) for row in rows} == {("pending", 0, None)}
    errors = [record for record in caplog.records if record.levelno == logging.ERROR]
    assert len(errors) == 1 and "refused the bot token" in errors[0].getMessage() and code in errors[0].getMessage()

    scenario.tick(NOW + timedelta(minutes=1))  # still within the pause: Slack is not asked at all
    assert bot.standin.methods().count("chat.postMessage") == 1 and "auth.test" not in bot.standin.methods()

    bot.standin.script("auth.test", refused)  # after the pause, one probe: still refused, still quiet
    clock.now += TokenPause.FIRST_WAIT
    scenario.tick(NOW + timedelta(minutes=2))
    assert bot.standin.methods().count("auth.test") == 1 and bot.standin.methods().count("chat.postMessage") == 1
    assert len([record for record in caplog.records if record.levelno == logging.ERROR]) == 1

    clock.now += TokenPause.FIRST_WAIT * 2  # the token works again: everything goes out, once
    scenario.tick(NOW + timedelta(minutes=3))
    scenario.tick(NOW + timedelta(minutes=4))
    posted = [post["text"] for post in bot.standin.calls_to("chat.postMessage")[1:] if post["channel"] == "C_NOTES"]
    assert sorted(posted) == ["note 0", "note 1", "note 2"]
    assert {row.status for row in scenario.outbox()} <= {"sent", "skipped"}  # the scenario's own messages too
    assert any("accepts the bot token again" in record.getMessage() for record in caplog.records)
