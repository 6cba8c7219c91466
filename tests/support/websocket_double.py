"""A local stand-in for Slack's Socket Mode endpoint: the URL `apps.connections.open` hands out. It greets like
Slack, sends the envelopes it is given, and records the acknowledgements that come back."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


class SocketModeDouble:
    def __init__(self, envelopes: list[dict[str, Any]]) -> None:
        self.envelopes = envelopes
        self.acks: list[dict[str, Any]] = []
        self.connections = 0
        self._lock = threading.Lock()
        self._server = serve(self._serve, "127.0.0.1", 0)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.socket.getsockname()[:2]
        return f"ws://{host}:{port}/link/?ticket=test"

    def _serve(self, websocket: ServerConnection) -> None:
        with self._lock:
            self.connections += 1
            first = self.connections == 1
        websocket.send(json.dumps({"type": "hello", "num_connections": 1,
                                   "connection_info": {"app_id": "A1"}, "debug_info": {"host": "double"}}))
        if first:
            for envelope in self.envelopes:
                websocket.send(json.dumps(envelope))
        try:
            for message in websocket:
                data = json.loads(message)
                if "envelope_id" in data:
                    with self._lock:
                        self.acks.append(data)
        except ConnectionClosed:
            return

    def wait_for_acks(self, count: int, timeout: float) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.acks) >= count:
                    return list(self.acks)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} acknowledgement(s), got {self.acks}")

    def close(self) -> None:
        self._server.shutdown()
