"""A local stand-in for the Slack Web API, bound to port 0, that records every call with its parsed body."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

JSON_FIELDS = ("blocks", "view", "attachments")  # form-encoded calls carry these as JSON strings


@dataclass
class Call:
    method: str
    body: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Scripted:
    status: int = 200
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    drop_connection: bool = False


Responder = Callable[[dict[str, Any]], dict[str, Any]]


class SlackStandIn:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self._scripts: dict[str, deque[Scripted]] = defaultdict(deque)
        self._responders: dict[str, Responder] = {}
        self._lock = threading.Lock()
        self._ts = 1_700_000_000
        self.files: dict[str, tuple[str, bytes]] = {}
        self.uploads: dict[str, bytes] = {}  # file id -> bytes uploaded by the bot
        self.downloads: list[tuple[str, str]] = []  # (file id, Authorization header)
        self.users_page_size = 200
        self.socket_mode_url: str | None = None  # what apps.connections.open hands out (a local websocket double)
        self._file_sizes: dict[str, int] = {}
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                standin._handle(self)

            def do_GET(self) -> None:
                standin._serve_file(self)

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/api/"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- scripting -----------------------------------------------------------------------------------
    def script(self, method: str, *responses: Scripted) -> None:
        """Answer the next calls of `method` with these, in order; then go back to the defaults."""
        with self._lock:
            self._scripts[method].extend(responses)

    def respond_with(self, method: str, responder: Responder) -> None:
        self._responders[method] = responder

    def add_user(self, user_id: str, **fields: Any) -> None:
        self.users[user_id] = {"id": user_id, "tz": "Asia/Shanghai", "locale": "en-US", **fields}

    def add_member(self, user_id: str, name: str, *, real_name: str = "", email: str = "", **fields: Any) -> None:
        """A workspace member as users.list and users.info describe them."""
        self.add_user(user_id, name=name.lower().replace(" ", "."), real_name=real_name or name, deleted=False,
                      is_bot=False, profile={"display_name": name, "real_name": real_name or name, "email": email},
                      **fields)

    def add_file(self, file_id: str, name: str, content: bytes, *, size: int | None = None) -> None:
        """A file that files.info describes and url_private serves to a request with the bot token."""
        self.files[file_id] = (name, content)
        self._file_sizes[file_id] = len(content) if size is None else size

    # --- assertions ------------------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [call.body for call in self.calls if call.method == method]

    def methods(self) -> list[str]:
        with self._lock:
            return [call.method for call in self.calls]

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
        with self._lock:
            self.calls.clear()
            self.downloads.clear()

    def reset(self) -> None:
        with self._lock:
            self.calls.clear()
            self._scripts.clear()
            self.files.clear()
            self.uploads.clear()
            self.downloads.clear()
            self._responders.clear()

    # --- serving ---------------------------------------------------------------------------------------
    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        method = request.path.rsplit("/", 1)[-1]
        length = int(request.headers.get("Content-Length") or 0)
        if request.path.startswith("/upload/"):  # step 2 of files_upload_v2: the bytes themselves
            with self._lock:
                self.uploads[method] = request.rfile.read(length)
            self._reply(request, 200, {"ok": True}, {})
            return
        raw = request.rfile.read(length).decode("utf-8")
        body = _parse_body(raw, request.headers.get("Content-Type", ""))
        with self._lock:
            self.calls.append(Call(method, body, dict(request.headers.items())))
            scripted = self._scripts[method].popleft() if self._scripts[method] else None
        if scripted and scripted.drop_connection:
            request.close_connection = True
            request.connection.close()
            return
        if scripted:
            self._reply(request, scripted.status, scripted.body or {"ok": True}, scripted.headers)
            return
        responder = self._responders.get(method)
        answer = responder(body) if responder else self._default(method, body)
        self._reply(request, 200, answer, {})

    def _serve_file(self, request: BaseHTTPRequestHandler) -> None:
        file_id = request.path.rsplit("/", 1)[-1]
        authorization = request.headers.get("Authorization", "")
        with self._lock:
            self.downloads.append((file_id, authorization))
        if file_id not in self.files or not authorization.startswith("Bearer xoxb-"):
            request.send_response(404 if file_id not in self.files else 403)
            request.end_headers()
            return
        data = self.files[file_id][1]
        request.send_response(200)
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _reply(
        self, request: BaseHTTPRequestHandler, status: int, body: dict[str, Any], headers: dict[str, str]
    ) -> None:
        data = json.dumps(body).encode()
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(data)))
        for name, value in headers.items():
            request.send_header(name, value)
        request.end_headers()
        request.wfile.write(data)

    def _next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"{self._ts}.000100"

    def _default(self, method: str, body: dict[str, Any]) -> dict[str, Any]:
        if method == "chat.postMessage":
            channel = body.get("channel", "")
            # Posting to a user id opens the app's DM with that user.
            channel = "D" + channel[1:] if channel.startswith("U") else channel
            return {"ok": True, "channel": channel, "ts": self._next_ts(), "message": {"text": body.get("text")}}
        if method == "chat.update":
            return {"ok": True, "channel": body.get("channel"), "ts": body.get("ts")}
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": self._next_ts()}
        if method in ("views.open", "views.update", "views.push"):
            return {"ok": True, "view": {"id": "V123", **(body.get("view") or {})}}
        if method == "conversations.join":
            return {"ok": True, "channel": {"id": body.get("channel")}}
        if method == "users.info":
            user_id = body.get("user", "")
            user = self.users.get(user_id) or {"id": user_id, "tz": "Asia/Shanghai", "locale": "en-US"}
            return {"ok": True, "user": user}
        if method == "files.getUploadURLExternal":
            host, port = self._server.server_address[:2]
            file_id = f"F_UP{len(self.uploads) + len(self.calls)}"
            return {"ok": True, "upload_url": f"http://{host}:{port}/upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = body.get("files")
            files = json.loads(files) if isinstance(files, str) else files
            return {"ok": True, "files": [{"id": f["id"], "title": f.get("title")} for f in files or []]}
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(body.get("users", ""))[1:]}}
        if method == "users.list":
            members = list(self.users.values())
            start = int(body.get("cursor") or 0)
            end = start + self.users_page_size
            cursor = str(end) if end < len(members) else ""
            return {"ok": True, "members": members[start:end], "response_metadata": {"next_cursor": cursor}}
        if method == "users.lookupByEmail":
            email = str(body.get("email", "")).lower()
            for user in self.users.values():
                if str((user.get("profile") or {}).get("email", "")).lower() == email:
                    return {"ok": True, "user": user}
            return {"ok": False, "error": "users_not_found"}
        if method == "files.info":
            file_id = body.get("file", "")
            if file_id not in self.files:
                return {"ok": False, "error": "file_not_found"}
            host, port = self._server.server_address[:2]
            return {"ok": True, "file": {
                "id": file_id, "name": self.files[file_id][0], "size": self._file_sizes[file_id],
                "url_private": f"http://{host}:{port}/files/{file_id}",
            }}
        if method == "apps.connections.open":
            if self.socket_mode_url is None:
                return {"ok": False, "error": "no_socket_mode_double"}
            return {"ok": True, "url": self.socket_mode_url}
        if method == "auth.test":
            return {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}
        return {"ok": True}


def _parse_body(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        return json.loads(raw)
    body: dict[str, Any] = {key: values[-1] for key, values in parse_qs(raw, keep_blank_values=True).items()}
    for name in JSON_FIELDS:
        if isinstance(body.get(name), str):
            with contextlib.suppress(json.JSONDecodeError):
                body[name] = json.loads(body[name])
    return body
