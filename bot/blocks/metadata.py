"""Typed private_metadata for modals: small, serialised to JSON, re-checked against the database on use."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

PRIVATE_METADATA_LIMIT = 3000


@dataclass(frozen=True)
class ModalMetadata:
    campaign_id: int | None = None
    channel_id: str | None = None  # where the modal was opened from, for follow-up messages
    import_id: int | None = None  # a pending table import waiting for Confirm

    def dump(self) -> str:
        text = json.dumps({k: v for k, v in asdict(self).items() if v is not None}, separators=(",", ":"))
        if len(text) > PRIVATE_METADATA_LIMIT:
            raise ValueError("private_metadata over Slack's 3,000 characters")
        return text

    @classmethod
    def load(cls, text: str | None) -> ModalMetadata:
        if not text:
            return cls()
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):  # "[]", "42", "null" are valid JSON but no metadata of ours
            return cls()
        channel_id = data.get("channel_id")
        return cls(
            campaign_id=_id(data.get("campaign_id")),
            channel_id=channel_id if isinstance(channel_id, str) else None,
            import_id=_id(data.get("import_id")),
        )


def _id(value: object) -> int | None:
    # bool is a subclass of int; `true` is not an id.
    return value if isinstance(value, int) and not isinstance(value, bool) else None
