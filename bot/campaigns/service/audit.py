"""Write the audit log: who changed what, when, from what to what. Called by the use cases in the transaction of
the change itself, so an entry exists exactly when the change does (a rejected change leaves none).

`before` / `after` are small summaries (the fields that changed), not copies of the rows."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from storage.models import AuditEntry, Campaign
from storage.repositories import audit as audit_repository

SUMMARY_MAX = 4000  # characters of each JSON summary; long texts are cut, the change itself is stored elsewhere
TEXT_MAX = 300


def record(
    session: Session, *, campaign: Campaign, actor_id: str | None, at: datetime, object_type: str,
    object_id: int | None, action: str, before: Mapping[str, object] | None = None,
    after: Mapping[str, object] | None = None,
) -> None:
    """`actor_id` None: the bot's own passes (a campaign starting, an escalation)."""
    audit_repository.add(session=session, entry=AuditEntry(
        team_id=campaign.team_id, campaign_id=campaign.id, actor_id=actor_id, at=at, object_type=object_type,
        object_id=object_id, action=action, before=_summary(before), after=_summary(after),
    ))


def changes(before: Mapping[str, object], after: Mapping[str, object]) -> tuple[dict[str, object], dict[str, object]]:
    """Only the fields that differ, as (before, after)."""
    names = [name for name in after if before.get(name) != after.get(name)]
    return {name: before.get(name) for name in names}, {name: after.get(name) for name in names}


def _summary(values: Mapping[str, object] | None) -> str | None:
    if values is None:
        return None
    text = json.dumps({name: _plain(value) for name, value in values.items()}, ensure_ascii=False, sort_keys=True)
    return text[:SUMMARY_MAX]


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 200000.00 and 200000 are the same amount
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, str):
        return value[:TEXT_MAX]
    if value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    return str(value)[:TEXT_MAX]
