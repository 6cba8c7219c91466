"""GET /metrics after real signed requests and real scheduler passes: the counters move, per app."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from bot.kernel.ids import View
from tests.support import payloads
from tests.support.harness import BotHarness

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def scrape(bot: BotHarness) -> Samples:
    response = bot.http.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.text) for sample in family.samples}


def value(samples: Samples, metric: str, **labels: str) -> float:
    return samples.get((metric, frozenset(labels.items())), 0.0)


def test_requests_are_counted_by_kind_and_outcome_with_their_ack_latency(bot: BotHarness) -> None:
    assert bot.command("help").status_code == 200
    assert bot.command("new").status_code == 200
    forged = payloads.slash_command("list", user="U_OWNER")
    assert bot.post(forged, payloads.signed_headers(forged, secret="wrong")).status_code == 401
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).status_code == 200
    samples = scrape(bot)
    assert value(samples, "campaignbot_slack_requests_total", kind="command", outcome="ok") == 2
    # Refused before its body was read as anything: an unsigned request has no kind worth trusting.
    assert value(samples, "campaignbot_slack_requests_total", kind="unsigned", outcome="rejected") == 1
    assert value(samples, "campaignbot_slack_requests_total", kind="view_submission", outcome="ok") == 1
    assert value(samples, "campaignbot_ack_seconds_count", kind="command") == 2
    assert 0 < value(samples, "campaignbot_ack_seconds_sum", kind="command") < 30
    # Every Web API call is counted, Bolt's client calls and the gateway's alike.
    assert value(samples, "campaignbot_slack_api_calls_total", method="views.open", status="ok") == 1
    assert value(samples, "campaignbot_slack_api_calls_total", method="chat.postMessage", status="ok") >= 1


def test_interactions_events_and_options_have_their_own_kind(bot: BotHarness) -> None:
    bot.click("no_such_action", "1")
    bot.suggest("no_such_select", "sp")
    event = payloads.event_callback({"type": "app_mention", "user": "U_OWNER", "text": "hi", "channel": "C1",
                                     "ts": "1.2"})
    bot.post(event, payloads.json_headers(event))
    samples = scrape(bot)
    kinds = {dict(labels)["kind"] for name, labels in samples if name == "campaignbot_slack_requests_total"}
    assert {"block_actions", "options", "event"} <= kinds


def test_responses_carry_a_request_id(bot: BotHarness) -> None:
    first, second = bot.command("help"), bot.command("help")
    assert first.headers["x-request-id"] and first.headers["x-request-id"] != second.headers["x-request-id"]
    body = payloads.slash_command("help", user="U_OWNER")
    response = bot.post(body, {**payloads.signed_headers(body), "X-Request-Id": "from-the-proxy"})
    assert response.headers["x-request-id"] == "from-the-proxy"


def test_two_apps_in_one_process_keep_their_own_counts(bot: BotHarness, standin, session_factory) -> None:  # type: ignore[no-untyped-def]
    from tests.conftest import NOW

    other = BotHarness(standin=standin, session_factory=session_factory, now=NOW)
    bot.command("help")
    bot.command("help")
    other.command("help")
    assert value(scrape(bot), "campaignbot_slack_requests_total", kind="command", outcome="ok") == 2
    assert value(scrape(other), "campaignbot_slack_requests_total", kind="command", outcome="ok") == 1
