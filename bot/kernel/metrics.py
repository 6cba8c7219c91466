"""Prometheus metrics (`GET /metrics`), one registry per app so tests and several apps in one process never mix.

Labels are kept to small, fixed sets: a request's kind (command, block_actions, …) and outcome, never its
sub-command or action id; a Slack call's method and status (`ok` or Slack's error code). The outbox gauges are
read from the database at scrape time (two indexed COUNTs), so every replica reports the shared truth; so are the
rows scheduler passes hold back after failing on them, labelled by pass and campaign (a handful at most: each is
a failure someone must look at).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from urllib.parse import parse_qs
from weakref import WeakKeyDictionary

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from slack_bolt import App
from sqlalchemy import func, select

from storage.models import OutboxMessage
from storage.repositories.schedule import held_rows
from storage.session import SessionFactory, session_scope

log = logging.getLogger(__name__)

# Acks must beat Slack's 3 s; the buckets resolve the range where a regression shows first.
ACK_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0)
PASS_BUCKETS = (0.005, 0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 30.0, 60.0, 120.0)
OUTBOX_STATUSES = ("pending", "failed")
# Slack interaction payload types → request kind. Anything unlisted is "other".
_PAYLOAD_KINDS = {
    "block_actions": "block_actions", "view_submission": "view_submission", "view_closed": "view_closed",
    "block_suggestion": "options", "shortcut": "shortcut", "message_action": "shortcut",
}


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter("campaignbot_slack_requests", "Requests from Slack by kind and outcome",
                                ["kind", "outcome"], registry=self.registry)
        self.ack_seconds = Histogram("campaignbot_ack_seconds", "Request in to response out, by kind", ["kind"],
                                     buckets=ACK_BUCKETS, registry=self.registry)
        self.pass_seconds = Histogram("campaignbot_scheduler_pass_seconds", "Duration of each scheduler pass",
                                      ["pass_name"], buckets=PASS_BUCKETS, registry=self.registry)
        self.slack_calls = Counter("campaignbot_slack_api_calls", "Slack Web API calls by method and status",
                                   ["method", "status"], registry=self.registry)
        self.row_failures = Counter("campaignbot_scheduler_row_failures",
                                    "Due rows a scheduler pass failed on (and held back), by pass", ["pass_name"],
                                    registry=self.registry)
        self._outbox: OutboxCollector | None = None
        self._held: HeldRowsCollector | None = None

    def watch_outbox(self, sessions: SessionFactory) -> None:
        """Report pending and failed outbox rows, counted at each scrape; and the rows passes hold back."""
        if self._outbox is None:
            self._outbox = OutboxCollector(sessions)
            self.registry.register(self._outbox)
        if self._held is None:
            self._held = HeldRowsCollector(sessions)
            self.registry.register(self._held)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)


class OutboxCollector(Collector):
    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions

    def describe(self) -> Iterator[GaugeMetricFamily]:
        yield GaugeMetricFamily("campaignbot_outbox_messages", "Outbox rows waiting or given up, by status",
                                labels=["status"])

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily("campaignbot_outbox_messages", "Outbox rows waiting or given up, by status",
                                   labels=["status"])
        try:
            with session_scope(self._sessions) as session:
                rows = session.execute(
                    select(OutboxMessage.status, func.count()).where(OutboxMessage.status.in_(OUTBOX_STATUSES))
                    .group_by(OutboxMessage.status)
                ).all()
            counts = {status: count for status, count in rows}
        except Exception:  # a scrape must answer even while the database is away; the gap shows in Prometheus
            log.exception("could not count outbox rows for /metrics")
            return
        for status in OUTBOX_STATUSES:
            family.add_metric([status], counts.get(status, 0))
        yield family


HELD_ROWS = ("campaignbot_scheduler_held_rows",
             "Due rows a scheduler pass failed on and holds back, by pass and campaign; the value is the failures "
             "in a row")


class HeldRowsCollector(Collector):
    def __init__(self, sessions: SessionFactory) -> None:
        self._sessions = sessions

    def describe(self) -> Iterator[GaugeMetricFamily]:
        yield GaugeMetricFamily(*HELD_ROWS, labels=["pass_name", "campaign_id"])

    def collect(self) -> Iterator[GaugeMetricFamily]:
        family = GaugeMetricFamily(*HELD_ROWS, labels=["pass_name", "campaign_id"])
        try:
            with session_scope(self._sessions) as session:
                rows = held_rows(session=session)
        except Exception:  # as for the outbox: the scrape answers, the gap shows
            log.exception("could not read held-back rows for /metrics")
            return
        failures: dict[tuple[str, str], int] = {}
        for pass_name, campaign_id, count in rows:
            key = (pass_name, "" if campaign_id is None else str(campaign_id))
            failures[key] = max(failures.get(key, 0), count)  # a campaign's worst row
        for labels, count in sorted(failures.items()):
            family.add_metric(list(labels), count)
        yield family


def request_kind(body: bytes, content_type: str) -> str:
    """command / block_actions / view_submission / view_closed / options / shortcut / event / other."""
    try:
        if content_type.startswith("application/json"):
            kind = json.loads(body).get("type")
            return "event" if kind in ("event_callback", "url_verification", "app_rate_limited") else "other"
        form = parse_qs(body.decode("utf-8", "replace"))
        if "command" in form:
            return "command"
        if "payload" in form:
            return _PAYLOAD_KINDS.get(json.loads(form["payload"][0]).get("type"), "other")
        if "ssl_check" in form:
            return "other"
    except (ValueError, AttributeError):
        pass
    return "other"


REJECTED_STATUSES = frozenset({400, 401, 403, 413, 415})


def outcome_of(status: int) -> str:
    if status in REJECTED_STATUSES:
        return "rejected"  # a bad or stale signature, or a malformed body: refused before any listener runs
    return "ok" if status < 400 else "error"


_BY_APP: WeakKeyDictionary[App, Metrics] = WeakKeyDictionary()


def attach(app: App, metrics: Metrics) -> None:
    """Remember the app's metrics so `build_asgi(app)` finds them without another argument."""
    _BY_APP[app] = metrics


def metrics_of(app: App) -> Metrics:
    metrics = _BY_APP.get(app)
    if metrics is None:
        metrics = _BY_APP[app] = Metrics()
    return metrics
