"""/metrics and logs after scheduler passes: outbox pending and failed, Slack's refusals, pass durations;
campaign ids on the log lines of a pass."""

from __future__ import annotations

import io

from bot.kernel.slack import outbox
from tests.runtime.test_json_logs import entries
from tests.runtime.test_metrics import scrape, value
from tests.support.scenario_clock import Scenario, at
from tests.support.slack_standin import Scripted


def test_outbox_pending_failed_slack_errors_and_pass_durations(scenario: Scenario) -> None:
    bot = scenario.bot
    with bot.session() as session:
        outbox.enqueue(session, key="later", kind="test", channel="C1", text="later", now=at("06-01 00:00"))
    bot.standin.script("chat.postMessage", Scripted(body={"ok": False, "error": "user_not_found"}))
    before = scrape(bot)
    scenario.tick("05-10 09:00")  # the task reminder is refused for good
    samples = scrape(bot)
    assert value(samples, "campaignbot_outbox_messages", status="failed") == 1
    assert value(samples, "campaignbot_outbox_messages", status="pending") == 1  # "later" is not due yet
    assert value(samples, "campaignbot_slack_api_calls_total", method="chat.postMessage",
                 status="user_not_found") == 1
    for name in ("task_reminders", "daily_summaries", "delivery", "all"):
        assert value(samples, "campaignbot_scheduler_pass_seconds_count", pass_name=name) == \
            value(before, "campaignbot_scheduler_pass_seconds_count", pass_name=name) + 1


def test_log_lines_of_a_pass_name_the_campaign(scenario: Scenario, json_log: io.StringIO) -> None:
    scenario.bot.standin.script("chat.postMessage", Scripted(body={"ok": False, "error": "channel_not_found"}))
    scenario.tick("05-10 09:00")
    [refusal] = [entry for entry in entries(json_log) if "refused by Slack" in entry["message"]]
    assert refusal["campaign_id"] == scenario.campaign().id
    assert refusal["level"] == "WARNING"
