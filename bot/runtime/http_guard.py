"""Requests that cannot be Slack's are answered 400 before Bolt sees them: a timestamp header that is not a number,
a body that is not the JSON or form Slack sends, or one that lacks what every request of its type carries.

Bolt assumes well-formed bodies (it would answer these with a 500 or "unhandled request"); listeners assume the
fields Slack always sends. Signatures stay Bolt's job: a well-formed but unsigned request still gets its 401.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request

TIMESTAMP_HEADER = "x-slack-request-timestamp"
TIMESTAMP_DIGITS = 12  # seconds since 1970 fit in 10 digits until the year 2286


class Malformed(ValueError):
    pass


def rejection(headers: Mapping[str, str], body: bytes) -> str | None:
    """Why this request cannot be Slack's, or None when Bolt may take it."""
    timestamp = headers.get(TIMESTAMP_HEADER)
    if timestamp is not None and not (timestamp.isascii() and timestamp.isdigit()
                                      and len(timestamp) <= TIMESTAMP_DIGITS):
        return "X-Slack-Request-Timestamp must be whole seconds"
    try:
        _check(headers.get("content-type", ""), body)
    except Malformed as error:
        return str(error)
    return None


def _check(content_type: str, body: bytes) -> None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Malformed("body is not UTF-8") from None
    if "json" in content_type:
        _event(_json_object(text))
        return
    form = {key: values[-1] for key, values in parse_qs(text, keep_blank_values=True).items()}
    if "payload" in form:
        payload = _json_object(form["payload"])
        check = _INTERACTIONS.get(str(payload.get("type")))
        if check is None:
            raise Malformed(f"unknown interaction type {str(payload.get('type'))[:40]!r}")
        check(payload)
    elif "command" in form:
        for name in ("command", "user_id", "team_id"):
            if not form.get(name):
                raise Malformed(f"a slash command needs {name}")


def _json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        raise Malformed("body is not JSON") from None
    if not isinstance(value, dict):
        raise Malformed("body is not a JSON object")
    return value


def _string(data: Mapping[str, Any], name: str) -> None:
    if not isinstance(data.get(name), str) or not data[name]:
        raise Malformed(f"{name} missing")


def _object(data: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = data.get(name)
    if not isinstance(value, dict):
        raise Malformed(f"{name} missing")
    return value


def _user(payload: Mapping[str, Any]) -> None:
    _string(_object(payload, "user"), "id")


def _block_actions(payload: Mapping[str, Any]) -> None:
    _user(payload)
    actions = payload.get("actions")
    if not isinstance(actions, list) or not actions or not all(isinstance(a, dict) for a in actions):
        raise Malformed("actions missing")
    for action in actions:
        _string(action, "action_id")


def _view(payload: Mapping[str, Any]) -> None:
    _user(payload)
    view = _object(payload, "view")
    _string(view, "callback_id")
    if not isinstance(view.get("state", {}), dict) or not isinstance(view.get("private_metadata", ""), str):
        raise Malformed("view state or private_metadata malformed")
    values = (view.get("state") or {}).get("values", {})
    if not isinstance(values, dict) or not all(isinstance(block, dict) for block in values.values()):
        raise Malformed("view state values malformed")


def _suggestion(payload: Mapping[str, Any]) -> None:
    _user(payload)
    _string(payload, "action_id")


def _shortcut(payload: Mapping[str, Any]) -> None:
    _user(payload)
    _string(payload, "callback_id")


_INTERACTIONS: dict[str, Callable[[Mapping[str, Any]], None]] = {
    "block_actions": _block_actions, "view_submission": _view, "view_closed": _view,
    "block_suggestion": _suggestion, "shortcut": _shortcut, "message_action": _shortcut,
}


def _event(body: Mapping[str, Any]) -> None:
    kind = body.get("type")
    if kind == "url_verification":
        _string(body, "challenge")
    elif kind == "event_callback":
        _string(body, "event_id")
        _string(_object(body, "event"), "type")
    else:
        raise Malformed(f"unknown event envelope {str(kind)[:40]!r}")


class TooLarge(Exception):
    pass


async def read_limited(request: Request, limit: int) -> bytes:
    """The body, or TooLarge before more than `limit` bytes are held: by Content-Length before reading anything,
    else counted while it streams in (the bot's endpoint and the sandbox's both read bodies this way)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise TooLarge
        chunks.append(chunk)
    return b"".join(chunks)
