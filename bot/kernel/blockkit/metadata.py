"""Typed private_metadata for modals: small, serialised to JSON, re-checked against the database on use."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

PRIVATE_METADATA_LIMIT = 3000
# Database ids are BIGINT: anything larger (or not plain ASCII digits) was not written by the bot.
MAX_ID = 2**63 - 1


def parse_id(value: object) -> int | None:
    """A positive database id from text Slack echoed back (button value, metadata), or None if it is not one."""
    if isinstance(value, bool):  # `true` is not an id
        return None
    text = str(value) if isinstance(value, int | str) else ""
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ID)):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


@dataclass(frozen=True)
class ModalMetadata:
    campaign_id: int | None = None
    channel_id: str | None = None  # where the modal was opened from, for follow-up messages
    import_id: int | None = None  # a pending table import waiting for Confirm
    risk_id: int | None = None  # the risk an Edit opened the register's form on

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
            risk_id=_id(data.get("risk_id")),
        )


def _id(value: object) -> int | None:
    # Only ints: the bot writes ids as JSON numbers, so a string id in metadata was not written by it.
    return parse_id(value) if isinstance(value, int) else None
