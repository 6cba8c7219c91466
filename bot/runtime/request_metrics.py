"""ASGI middleware for requests from Slack: a request id for the logs, and the request's kind, outcome and ack
latency for /metrics. Pure ASGI, and it keeps no copy of the body: the endpoint, which reads and checks the body
anyway, leaves the request's kind in the scope (`KIND_KEY`): "unsigned" for one refused before its body was read
as anything, "other" for one refused even earlier (too large)."""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from bot.kernel import logs
from bot.kernel.metrics import Metrics, outcome_of

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

REQUEST_ID_HEADER = b"x-request-id"
KIND_KEY = "campaignbot.request_kind"
log = logging.getLogger("campaignbot.http")


class SlackRequestMetrics:
    def __init__(self, app: ASGIApp, *, metrics: Metrics, path: str) -> None:
        self.app = app
        self.metrics = metrics
        self.path = path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") != self.path:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        headers = dict(scope.get("headers") or [])
        # A proxy's id, so one request can be followed across its logs and ours; else a fresh one.
        rid = headers.get(REQUEST_ID_HEADER, b"").decode("latin-1")[:64] or logs.new_request_id()
        token = logs.request_id.set(rid)
        status = 500

        async def observe_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", []), (REQUEST_ID_HEADER, rid.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, observe_send)
        finally:
            elapsed = time.perf_counter() - started
            kind = str(scope.get(KIND_KEY) or "other")
            outcome = outcome_of(status)
            self.metrics.requests.labels(kind, outcome).inc()
            self.metrics.ack_seconds.labels(kind).observe(elapsed)
            log.debug("%s %s %s in %.1f ms", kind, outcome, status, elapsed * 1000)
            logs.request_id.reset(token)
