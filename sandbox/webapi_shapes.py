"""What goes over the sandbox's Web API wire: calls as recorded, scripted and real replies, Slack's error, and
the form-or-JSON bodies the bot sends."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block

JSON_FIELDS = ("blocks", "view", "attachments", "files", "metadata")  # form-encoded calls carry these as JSON strings
MESSAGE_BLOCK_LIMIT = 50
MESSAGE_TEXT_LIMIT = 40_000
VIEW_STACK_LIMIT = 3


@dataclass(frozen=True)
class Workspace:
    team_id: str = "T1"
    team_domain: str = "acme"
    team_name: str = "Acme"
    bot_user_id: str = "UBOT"
    bot_id: str = "BBOT"
    app_id: str = "A1"
    bot_name: str = "campaignbot"


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


@dataclass
class Reply:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)
    drop_connection: bool = False


Responder = Callable[[dict[str, Any]], dict[str, Any]]


class ApiError(Exception):
    """Slack's `{"ok": false, "error": code}`."""

    def __init__(self, code: str, **extra: Any) -> None:
        super().__init__(code)
        self.code = code
        self.extra = extra


def parse_body(raw: str, content_type: str) -> dict[str, Any]:
    if not raw:
        return {}
    if "json" in content_type:
        parsed = json.loads(raw)
        return parsed if isinstance(parsed, dict) else {}
    body: dict[str, Any] = {key: values[-1] for key, values in parse_qs(raw, keep_blank_values=True).items()}
    for name in JSON_FIELDS:
        if isinstance(body.get(name), str) and body[name][:1] in "[{":
            with contextlib.suppress(json.JSONDecodeError):
                body[name] = json.loads(body[name])
    return body


def check_blocks(blocks: list[dict[str, Any]], limit: int) -> None:
    """Slack refuses a message whose blocks break its rules; slack_sdk's models know those rules."""
    if not isinstance(blocks, list) or len(blocks) > limit:
        raise ApiError("invalid_blocks", response_metadata={"messages": [f"no more than {limit} blocks"]})
    for index, raw in enumerate(blocks):
        block = Block.parse(raw) if isinstance(raw, dict) else None
        if block is None:
            raise ApiError("invalid_blocks", response_metadata={"messages": [f"block {index}: unknown type"]})
        try:
            block.validate_json()
        except SlackObjectFormationError as error:
            raise ApiError("invalid_blocks", response_metadata={"messages": [f"block {index}: {error}"]}) from None
