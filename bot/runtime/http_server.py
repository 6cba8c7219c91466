"""HTTP mode: a Starlette app served by uvicorn, with Bolt's dispatch run off the event loop.

Before anything is parsed, a request must be small enough to be Slack's (larger ones get a 413 without being
read: by Content-Length, or by counting as a chunked body streams in) and signed with the app's secret (401).
A body nobody signed is never parsed, so its size, depth or shape cannot cost the process anything."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from slack_sdk.signature import SignatureVerifier
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.kernel.metrics import Metrics, metrics_of, request_kind
from bot.runtime.http_guard import TooLarge, read_limited, rejection
from bot.runtime.request_metrics import KIND_KEY, SlackRequestMetrics

EVENTS_PATH = "/slack/events"
# Far above anything Slack sends (its largest bodies, view submissions of a full modal, stay well under 1 MB even
# percent-encoded), far below what would hurt a process to hold.
MAX_BODY_BYTES = 4 * 1024 * 1024
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def build_asgi(bolt_app: App, *, metrics: Metrics | None = None) -> Starlette:
    """`metrics`: the app's (create_app attaches them, so they are found without this argument)."""
    metrics = metrics or metrics_of(bolt_app)
    secret = getattr(bolt_app, "_signing_secret", None)
    verifier = SignatureVerifier(secret) if secret else None

    async def slack_events(request: Request) -> Response:
        try:
            body = await read_limited(request, MAX_BODY_BYTES)
        except TooLarge:
            return PlainTextResponse("request body too large", status_code=413)
        if verifier is not None and not _signed(verifier, body, request):
            request.scope[KIND_KEY] = "unsigned"
            return PlainTextResponse("invalid request signature", status_code=401)
        problem = rejection(request.headers, body)
        if problem:
            return PlainTextResponse(problem, status_code=400)
        request.scope[KIND_KEY] = request_kind(body, request.headers.get("content-type", ""))
        # Bolt's own Starlette handler calls the blocking dispatch on the event loop, which serialises every
        # request behind the slowest listener; a worker thread keeps acknowledgements fast under load.
        bolt_response = await run_in_threadpool(bolt_app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(bolt_response)

    async def healthz(_: Request) -> Response:
        return PlainTextResponse("ok")

    async def prometheus(_: Request) -> Response:
        # The outbox gauges query the database: off the event loop, like Bolt's dispatch.
        body = await run_in_threadpool(metrics.exposition)
        return Response(body, media_type=PROMETHEUS_CONTENT_TYPE)

    return Starlette(
        routes=[
            Route(EVENTS_PATH, slack_events, methods=["POST"]),
            Route(HEALTH_PATH, healthz, methods=["GET"]),
            Route(METRICS_PATH, prometheus, methods=["GET"]),
        ],
        middleware=[Middleware(SlackRequestMetrics, metrics=metrics, path=EVENTS_PATH)],
    )


def _signed(verifier: SignatureVerifier, body: bytes, request: Request) -> bool:
    try:
        return verifier.is_valid_request(body, dict(request.headers))
    except (ValueError, TypeError, OverflowError):  # a timestamp header that is not a number
        return False
