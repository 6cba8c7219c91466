"""The sandbox's upload endpoints refuse a body too large as soon as they know its size: from Content-Length
before reading a byte of it, else while it streams in."""

from __future__ import annotations

import asyncio
import socket
from typing import Any
from urllib.parse import urlsplit

import pytest

from sandbox.limits import MAX_BOT_UPLOAD_BYTES, MAX_UPLOAD_BYTES
from sandbox.runner import SandboxProcess
from sandbox.server import build_sandbox_app

CHUNK = 1024 * 1024


def _declared_only(url: str, path: str, length: int) -> str:
    """Send only the head of a request that announces `length` bytes; the status line of what comes back."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        conn.sendall(f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/octet-stream\r\n"
                     f"Content-Length: {length}\r\n\r\n".encode())
        return conn.recv(4096).decode("latin-1").split("\r\n", 1)[0]


@pytest.mark.parametrize("path, limit", [
    ("/ui/upload?user=U_ME&name=big.csv&channel=C_GENERAL", MAX_UPLOAD_BYTES),
    ("/upload/F_ANY", MAX_BOT_UPLOAD_BYTES),
    ("/api/chat.postMessage", 5 * CHUNK),
])
def test_a_declared_size_over_the_limit_is_refused_before_the_body(sandbox_process: SandboxProcess, path: str,
                                                                   limit: int) -> None:
    assert _declared_only(sandbox_process.sandbox_url, path, 300 * CHUNK) == "HTTP/1.1 413 Request Entity Too Large"


def test_a_streamed_upload_is_refused_once_it_passes_the_limit(sandbox_process: SandboxProcess) -> None:
    app = build_sandbox_app(sandbox_process.sandbox)
    pulled = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": pulled < 64}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    host = urlsplit(sandbox_process.sandbox_url).netloc
    scope = {"type": "http", "method": "POST", "path": "/ui/upload", "raw_path": b"/ui/upload",
             "query_string": b"user=U_ME&name=big.csv&channel=C_GENERAL", "root_path": "", "scheme": "http",
             "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 5000), "http_version": "1.1",
             "headers": [(b"host", host.encode()), (b"content-type", b"application/octet-stream")]}
    asyncio.run(app(scope, receive, send))
    assert status == 413
    assert pulled <= MAX_UPLOAD_BYTES // CHUNK + 1  # never more than the limit held
