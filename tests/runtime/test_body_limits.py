"""Bodies too large to be Slack's are refused with 413 before they are buffered (by Content-Length, or counted as
they stream in); a body nobody signed is refused with 401 before anything parses it, however deep its JSON."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from bot.runtime import http_server
from bot.runtime.http_server import EVENTS_PATH, MAX_BODY_BYTES, build_asgi
from tests.support import payloads
from tests.support.harness import BotHarness

CHUNK = 1024 * 1024


def _call(bot: BotHarness, headers: dict[str, str], chunks: Any) -> tuple[int, int]:
    """Run one request through the ASGI app; returns (status, how many body chunks the app pulled)."""
    app = build_asgi(bot.app)
    pulled = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        chunk = next(chunks, None)
        pulled += 1
        return {"type": "http.request", "body": chunk or b"", "more_body": chunk is not None}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {"type": "http", "method": "POST", "path": EVENTS_PATH, "raw_path": EVENTS_PATH.encode(),
             "query_string": b"", "root_path": "", "scheme": "http", "server": ("127.0.0.1", 80),
             "client": ("127.0.0.1", 5000), "http_version": "1.1",
             "headers": [(name.lower().encode(), value.encode()) for name, value in headers.items()]}
    asyncio.run(app(scope, receive, send))
    return status, pulled


def _endless() -> Any:
    """64 MB, chunk by chunk: plenty over the limit, and finite, so a server that reads it all still ends."""
    for _ in range(64):
        yield b"x" * CHUNK


def test_a_declared_length_over_the_limit_is_refused_unread(bot: BotHarness) -> None:
    headers = {"Content-Type": "application/json", "Content-Length": str(300 * CHUNK)}
    assert _call(bot, headers, _endless()) == (413, 0)


def test_a_streamed_body_is_refused_as_soon_as_it_passes_the_limit(bot: BotHarness) -> None:
    status, pulled = _call(bot, {"Content-Type": "application/json"}, _endless())
    assert status == 413
    assert pulled <= MAX_BODY_BYTES // CHUNK + 1  # never more than the limit held


def test_a_body_within_the_limit_still_works(bot: BotHarness) -> None:
    body = payloads.slash_command("help", user="U_OWNER")
    status, _ = _call(bot, {**payloads.signed_headers(body)}, iter([body.encode()]))
    assert status == 200


def test_an_unsigned_body_is_never_parsed(bot: BotHarness, monkeypatch: pytest.MonkeyPatch,
                                          caplog: pytest.LogCaptureFixture) -> None:
    parsed: list[str] = []
    monkeypatch.setattr(http_server, "rejection", lambda *args: parsed.append("guard"))
    monkeypatch.setattr(http_server, "request_kind", lambda *args: parsed.append("kind") or "other")
    monkeypatch.setattr(json, "loads", lambda *args, **kwargs: parsed.append("json"))
    deep = "[" * 200_000 + "]" * 200_000
    caplog.set_level(logging.DEBUG)
    response = bot.post(deep, {"Content-Type": "application/json", "X-Slack-Request-Timestamp": "1",
                               "X-Slack-Signature": "v0=00"})
    assert response.status_code == 401
    assert parsed == []
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


def test_a_deeply_nested_signed_body_is_a_400_not_a_traceback(bot: BotHarness,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    deep = "[" * 200_000 + "]" * 200_000
    response = bot.post(deep, payloads.json_headers(deep))
    assert response.status_code == 400
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
