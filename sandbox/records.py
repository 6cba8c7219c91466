"""The records the sandbox workspace keeps: channels, messages, views, files."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MIME_BY_SUFFIX = {
    ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".pdf": "application/pdf",
    ".csv": "text/csv", ".txt": "text/plain",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def mimetype_of(name: str) -> str:
    return MIME_BY_SUFFIX.get(Path(name).suffix.lower(), "application/octet-stream")


@dataclass
class Channel:
    id: str
    name: str
    is_im: bool = False
    im_user: str | None = None
    is_private: bool = False
    topic: str = ""


@dataclass
class Message:
    id: int
    channel: str
    ts: str
    user: str
    bot: bool
    text: str
    blocks: list[dict[str, Any]] | None
    files: list[dict[str, Any]]
    visible_to: str | None
    thread_ts: str | None
    edited: bool
    deleted: bool
    posted_at: datetime
    metadata: dict[str, Any] | None = None


@dataclass
class ViewRecord:
    id: str
    user: str
    kind: str  # "modal" or "home"
    position: int
    data: dict[str, Any]
    hash: str
    errors: dict[str, str] = field(default_factory=dict)
    root_id: str | None = None
    previous_id: str | None = None
    open: bool = True
    revision: int = 1
    notice: str | None = None  # what Slack's client would say over the view, e.g. a failed submission

    def payload(self, *, team_id: str, app_id: str, bot_id: str,
                state: dict[str, Any] | None = None) -> dict[str, Any]:
        """The view as Slack sends it back to the app (views.* answers, interaction payloads)."""
        return {
            "id": self.id, "team_id": team_id, "type": self.kind, "blocks": self.data.get("blocks", []),
            "private_metadata": self.data.get("private_metadata") or "",
            "callback_id": self.data.get("callback_id") or "",
            "state": state or {"values": {}}, "hash": self.hash, "title": self.data.get("title"),
            "clear_on_close": bool(self.data.get("clear_on_close")),
            "notify_on_close": bool(self.data.get("notify_on_close")),
            "close": self.data.get("close"), "submit": self.data.get("submit"),
            "previous_view_id": self.previous_id, "root_view_id": self.root_id or self.id, "app_id": app_id,
            "external_id": self.data.get("external_id") or "", "app_installed_team_id": team_id, "bot_id": bot_id,
        }


@dataclass
class StoredFile:
    id: str
    name: str
    title: str
    mimetype: str
    size: int
    content: bytes | None
    user: str
    channel: str | None
    complete: bool

    @property
    def is_image(self) -> bool:
        return self.mimetype.startswith("image/")


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)
