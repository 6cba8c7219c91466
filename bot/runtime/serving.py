"""Serve until told to stop, then stop gracefully.

HTTP servers (uvicorn, on sockets bound before anything else starts, so a taken port is a clear error) run
in one background event loop; the main thread waits for SIGTERM or SIGINT. On a signal: stop taking
requests, let the ones in flight finish, run the stop steps (scheduler, listener threads, outbox leases),
and exit 0, all within STOP_SECONDS.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import uvicorn
from starlette.types import ASGIApp

from bot.kernel.errors import ConfigError

log = logging.getLogger(__name__)

STOP_SECONDS = 10.0
IN_FLIGHT_SECONDS = 5  # what uvicorn grants requests in flight; the rest of STOP_SECONDS is for the stop steps


def bind(host: str, port: int, *, what: str, variable: str) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise ConfigError(f"cannot serve {what} on {host}:{port} ({error.strerror}); "
                          f"choose another port with {variable}=...") from None
    sock.set_inheritable(True)
    return sock


def port_of(sock: socket.socket) -> int:
    return int(sock.getsockname()[1])


@dataclass
class Listener:
    app: ASGIApp
    sock: socket.socket
    name: str


class HttpServers:
    """Several ASGI apps served by uvicorn in one background event loop."""

    def __init__(self, listeners: list[Listener]) -> None:
        self._listeners = listeners
        self._servers = [
            # log_config=None: uvicorn's lines go through the root handler (bot/kernel/logs.py), JSON when asked for.
            uvicorn.Server(uvicorn.Config(listener.app, log_level="warning", access_log=False, lifespan="off",
                                          log_config=None,
                                          timeout_graceful_shutdown=IN_FLIGHT_SECONDS))
            for listener in listeners
        ]
        self._thread: threading.Thread | None = None
        self._failed: BaseException | None = None

    def start(self, timeout: float = 30.0) -> None:
        self._thread = threading.Thread(target=self._run, name="http", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not all(server.started for server in self._servers):
            if self._failed is not None or not self._thread.is_alive():
                raise RuntimeError(f"the HTTP server did not start: {self._failed}")
            if time.monotonic() > deadline:
                raise RuntimeError("the HTTP server did not start in time")
            time.sleep(0.02)

    def _run(self) -> None:
        async def serve_all() -> None:
            await asyncio.gather(*(server.serve(sockets=[listener.sock])
                                   for server, listener in zip(self._servers, self._listeners, strict=True)))

        try:
            asyncio.run(serve_all())
        except BaseException as error:  # reported by start() or stop()
            self._failed = error
            log.exception("HTTP server stopped with an error")

    def stop(self, timeout: float = IN_FLIGHT_SECONDS + 1) -> None:
        """Stop accepting; requests in flight get IN_FLIGHT_SECONDS to finish."""
        for server in self._servers:
            server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)


def run_with_timeout(step: Callable[[], object], seconds: float, name: str) -> None:
    """A stop step that may hang (a stuck pass, a slow Slack call) must not keep the process from exiting."""
    thread = threading.Thread(target=step, name=f"stop-{name}", daemon=True)
    thread.start()
    thread.join(max(0.0, seconds))
    if thread.is_alive():
        log.warning("stop step %r did not finish in %.1f s; exiting anyway", name, seconds)


class StopSignal:
    """SIGTERM and SIGINT set an event the main thread waits on, instead of killing it mid-request."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.received: str | None = None

    def install(self) -> None:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, _frame: object) -> None:
        self.received = signal.Signals(signum).name
        self.event.set()

    def wait(self) -> str:
        while not self.event.wait(0.5):
            pass
        return self.received or "stop"


def serve_until_stopped(*, start: Callable[[], None], steps: list[tuple[str, Callable[[], object]]],
                        ready: Callable[[], None] = lambda: None, stop_signal: StopSignal | None = None) -> int:
    """Start, announce readiness, wait for a signal, then run the stop steps in order within STOP_SECONDS."""
    stop_signal = stop_signal or StopSignal()
    stop_signal.install()
    start()
    ready()
    name = stop_signal.wait()
    began = time.monotonic()
    log.info("%s received: finishing what is in flight, then stopping", name)
    for step_name, step in steps:
        remaining = STOP_SECONDS - 0.5 - (time.monotonic() - began)
        run_with_timeout(step, remaining, step_name)
    log.info("stopped cleanly in %.1f s", time.monotonic() - began)
    return 0
