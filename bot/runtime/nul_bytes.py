"""NUL characters removed from every string Slack sends, before any listener reads it.

A person can type or paste U+0000 into any field (slash-command text, a modal's inputs, a file name); PostgreSQL
refuses it in text columns and the request would end in a 500. Slack's own clients never need it, so it goes
here, once, for every request and every backend (after the signature check: the signed body stays untouched).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse

NUL = "\x00"


def without_nul(value: Any) -> Any:
    """`value` with NUL removed from every string in it (keys too), containers rebuilt only when they change."""
    if isinstance(value, str):
        return value.replace(NUL, "") if NUL in value else value
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    return value


def has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return NUL in value
    if isinstance(value, dict):
        return any(has_nul(key) or has_nul(item) for key, item in value.items())
    if isinstance(value, list):
        return any(has_nul(item) for item in value)
    return False


def strip_nul(req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]) -> BoltResponse:
    """Bolt global middleware (Bolt passes `next` by that name). The parsed body is cleaned in place: HTTP and
    Socket Mode requests alike, whatever the encoding the NUL came in (`%00`, `\\u0000`)."""
    if has_nul(req.body):
        cleaned = without_nul(req.body)
        req.body.clear()
        req.body.update(cleaned)
    return next()
