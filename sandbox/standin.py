"""The sandbox's Web API on a plain threaded HTTP server at port 0: the tests' Slack stand-in.

It serves the same `SlackWebAPI` the page uses, lenient (see webapi.py), over a server that can also
misbehave on purpose (scripted 429s, 5xx, dropped connections), which an ASGI server cannot do.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator, MutableMapping
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from sandbox.store import SandboxStore
from sandbox.webapi import SlackWebAPI
from sandbox.webapi_shapes import Call, Reply, Responder, Scripted, Workspace, parse_body

__all__ = ["Call", "Scripted", "SlackStandIn"]


class _Users(MutableMapping[str, dict[str, Any]]):
    """`standin.users` as tests knew it (a dict by user id), kept in the store the Web API reads."""

    def __init__(self, store: SandboxStore) -> None:
        self._store = store

    def __getitem__(self, user_id: str) -> dict[str, Any]:
        found = self._store.user(user_id)
        if found is None:
            raise KeyError(user_id)
        return found

    def __setitem__(self, user_id: str, user: dict[str, Any]) -> None:
        self._store.put_user({**user, "id": user_id})

    def __delitem__(self, user_id: str) -> None:
        raise NotImplementedError("tests replace users; they do not delete one")

    def __iter__(self) -> Iterator[str]:
        return iter([user["id"] for user in self._store.users()])

    def __len__(self) -> int:
        return len(self._store.users())

    def clear(self) -> None:
        self._store.delete_users()


class SlackStandIn:
    def __init__(self, *, workspace: Workspace | None = None) -> None:
        self.store = SandboxStore(":memory:")
        self.api = SlackWebAPI(self.store, now=lambda: datetime.now(UTC), strict=False, workspace=workspace)
        self.users = _Users(self.store)
        api = self.api

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                if self.path.startswith("/upload/"):
                    _reply(self, api.handle_upload(self.path.rsplit("/", 1)[-1], raw))
                    return
                method = self.path.rsplit("/", 1)[-1]
                body = parse_body(raw.decode("utf-8"), self.headers.get("Content-Type", ""))
                _reply(self, api.handle(method, body, dict(self.headers.items())))

            def do_GET(self) -> None:
                if self.path.startswith("/api/"):  # read methods (conversations.history, …) come as GET with a query
                    path, _, query = self.path.partition("?")
                    body = parse_body(query, "application/x-www-form-urlencoded")
                    _reply(self, api.handle(path.rsplit("/", 1)[-1], body, dict(self.headers.items())))
                    return
                status, found = api.download(self.path.rsplit("/", 1)[-1], self.headers.get("Authorization", ""))
                data = found.content if found is not None and found.content is not None else b""
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        host, port = self._server.server_address[:2]
        self.api.public_url = f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return f"{self.api.public_url}/api/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self.store.close()

    # --- set-up ----------------------------------------------------------------------------------------------
    def script(self, method: str, *responses: Scripted) -> None:
        """Answer the next calls of `method` with these, in order; then go back to the defaults."""
        self.api.script(method, *responses)

    def respond_with(self, method: str, responder: Responder) -> None:
        self.api.respond_with(method, responder)

    def add_user(self, user_id: str, **fields: Any) -> None:
        self.store.put_user({"id": user_id, "tz": "Asia/Shanghai", "locale": "en-US", **fields})

    def add_member(self, user_id: str, name: str, *, real_name: str = "", email: str = "", **fields: Any) -> None:
        """A workspace member as users.list and users.info describe them."""
        self.add_user(user_id, name=name.lower().replace(" ", "."), real_name=real_name or name, deleted=False,
                      is_bot=False, profile={"display_name": name, "real_name": real_name or name, "email": email},
                      **fields)

    def add_file(self, file_id: str, name: str, content: bytes, *, size: int | None = None) -> None:
        """A file that files.info describes and url_private serves to a request with the bot token."""
        self.store.add_file(file_id=file_id, name=name, content=content, size=size, user="U_UPLOADER",
                            now=datetime.now(UTC))

    @property
    def users_page_size(self) -> int:
        return self.api.users_page_size

    @users_page_size.setter
    def users_page_size(self, size: int) -> None:
        self.api.users_page_size = size

    # --- what happened -------------------------------------------------------------------------------------------
    @property
    def calls(self) -> list[Call]:
        return self.api.calls

    @calls.setter
    def calls(self, calls: Any) -> None:  # a benchmark swaps in a counter
        self.api.calls = calls

    @property
    def uploads(self) -> dict[str, bytes]:
        """File id → bytes, for every file the bot uploaded."""
        bot = self.api.workspace.bot_user_id
        return {found.id: found.content for found in self.store.files()
                if found.user == bot and found.content is not None}

    @property
    def downloads(self) -> list[tuple[str, str]]:
        return self.api.downloads

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [call.body for call in list(self.api.calls) if call.method == method]

    def methods(self) -> list[str]:
        return [call.method for call in list(self.api.calls)]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.calls_to(method)
            if len(found) >= count:
                return found
            time.sleep(0.01)
        raise AssertionError(f"expected {count} call(s) to {method}, saw {self.methods()}")

    def reset_calls(self) -> None:
        """Forget the calls so far, keeping users, files and scripts."""
        self.api.calls.clear()
        self.api.downloads.clear()

    def reset(self) -> None:
        self.api.calls.clear()
        self.api.downloads.clear()
        self.api.forget_scripts()
        self.store.wipe(keep_users=True)


def _reply(request: BaseHTTPRequestHandler, reply: Reply) -> None:
    if reply.drop_connection:
        request.close_connection = True
        request.connection.close()
        return
    data = json.dumps(reply.body).encode()
    request.send_response(reply.status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(data)))
    for name, value in reply.headers.items():
        request.send_header(name, value)
    request.end_headers()
    request.wfile.write(data)
