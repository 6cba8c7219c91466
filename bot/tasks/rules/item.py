"""What one task line shows (in a DM, a reminder, the App Home): the data type the block builders take."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

DETAIL_FIELDS = ("collaborators", "deliverable", "notes")


class TaskLike(Protocol):
    id: int | None
    title: str
    status: str
    due_at: datetime
    owner_id: str | None  # None: imported unassigned
    blocked_reason: str | None


class ZonedCampaign(Protocol):
    name: str
    timezone: str


@dataclass(frozen=True)
class TaskItem:
    """What one task line shows; `due_at` is aware, shown in the campaign's time zone."""

    id: int
    title: str
    status: str
    due_at: datetime
    campaign_name: str
    timezone: str
    owner_id: str | None
    blocked_reason: str | None = None
    collaborators: str = ""  # 协作部门
    deliverable: str = ""  # 交付标准
    notes: str = ""  # 备注

    @classmethod
    def of(cls, task: TaskLike, campaign: ZonedCampaign) -> TaskItem:
        assert task.id is not None
        return cls(id=task.id, title=task.title, status=task.status, due_at=task.due_at,
                   campaign_name=campaign.name, timezone=campaign.timezone, owner_id=task.owner_id,
                   blocked_reason=task.blocked_reason, **details_of(task))


def details_of(task: object) -> dict[str, str]:
    """The table's 协作部门 / 交付标准 / 备注 of a task (empty for objects that have none)."""
    return {name: str(getattr(task, name, "") or "") for name in DETAIL_FIELDS}
