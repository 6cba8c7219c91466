"""private_metadata of the Blocked-reason modal: which task, and which message to re-render once it is saved.

A view submission carries no message, so the click's message is described here: where it is (channel + ts, or
the response_url of an ephemeral message) and its blocks around the task blocks (`head`, `tail`). When those
do not fit in Slack's 3,000 characters they are left out and the message is re-rendered with its tasks only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from typing import Any

from bot.kernel.blockkit.metadata import PRIVATE_METADATA_LIMIT, parse_id


@dataclass(frozen=True)
class TaskModalMetadata:
    task_id: int
    channel_id: str | None = None
    message_ts: str | None = None
    response_url: str | None = None  # set for an ephemeral message, which only its response_url can change
    task_ids: tuple[int, ...] = ()
    head: tuple[dict[str, Any], ...] = ()
    tail: tuple[dict[str, Any], ...] = ()

    def dump(self) -> str:
        text = _json(self)
        if len(text) > PRIVATE_METADATA_LIMIT:
            text = _json(replace(self, head=(), tail=()))
        if len(text) > PRIVATE_METADATA_LIMIT:
            raise ValueError("private_metadata over Slack's 3,000 characters")
        return text

    @classmethod
    def load(cls, text: str | None) -> TaskModalMetadata | None:
        try:
            data = json.loads(text or "")
        except json.JSONDecodeError:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("task_id"), int) or parse_id(data["task_id"]) is None:
            return None

        def string(name: str) -> str | None:
            value = data.get(name)
            return value if isinstance(value, str) else None

        def blocks(name: str) -> tuple[dict[str, Any], ...]:
            value = data.get(name)
            return tuple(b for b in value if isinstance(b, dict)) if isinstance(value, list) else ()

        ids = data.get("task_ids")
        return cls(
            task_id=data["task_id"],
            channel_id=string("channel_id"),
            message_ts=string("message_ts"),
            response_url=string("response_url"),
            task_ids=tuple(i for i in ids if isinstance(i, int) and parse_id(i)) if isinstance(ids, list) else (),
            head=blocks("head"),
            tail=blocks("tail"),
        )


def _json(metadata: TaskModalMetadata) -> str:
    data = {key: value for key, value in asdict(metadata).items() if value not in (None, ())}
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)
