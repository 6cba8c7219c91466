"""HTTP mode: a Starlette app served by uvicorn, with Bolt's dispatch run off the event loop."""

from __future__ import annotations

from slack_bolt import App
from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from bot.metrics import Metrics, metrics_of
from bot.runtime.http_guard import rejection
from bot.runtime.request_metrics import SlackRequestMetrics

EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
METRICS_PATH = "/metrics"
PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


def build_asgi(bolt_app: App, *, metrics: Metrics | None = None) -> Starlette:
    """`metrics`: the app's (create_app attaches them, so they are found without this argument)."""
    metrics = metrics or metrics_of(bolt_app)

    async def slack_events(request: Request) -> Response:
        body = await request.body()
        problem = rejection(request.headers, body)
        if problem:
            return PlainTextResponse(problem, status_code=400)
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
