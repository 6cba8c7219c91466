"""Readiness and follow-through: the handbook's checklist (准备清单) before a campaign starts, and how a milestone
ended (hit / missed). Pure rules of dates and states; no Slack, no SQL, no clock of their own."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from bot.campaigns.rules.reminders import ReminderSettings, Stage, at_local
from bot.kernel.forms import FieldError

TITLE_MAX = 200
# An item is due from two months before the start (like the earliest milestone) to the campaign's last day.
LEAD_DAYS = 60


class SeededItem(StrEnum):
    """The handbook's checklist; each item due this many days before the start (`DAYS_BEFORE`)."""

    MATERIALS_CHECKED = "materials_checked"  # 物料验收
    REGISTRATION_TESTED = "registration_tested"  # 报名页 / H5 / 抽奖测试
    EMERGENCY_PLAN_CONFIRMED = "emergency_plan_confirmed"  # 应急预案确认
    BACKUP_EQUIPMENT_READY = "backup_equipment_ready"  # 备用设备到位
    STAFF_BRIEFED = "staff_briefed"  # 人员培训 / 交底


DAYS_BEFORE: dict[SeededItem, int] = {
    SeededItem.MATERIALS_CHECKED: 3,
    SeededItem.REGISTRATION_TESTED: 2,
    SeededItem.EMERGENCY_PLAN_CONFIRMED: 2,
    SeededItem.BACKUP_EQUIPMENT_READY: 1,
    SeededItem.STAFF_BRIEFED: 1,
}
KNOWN_KEYS = frozenset(item.value for item in SeededItem)


def seeded_due(item: SeededItem, start: date) -> date:
    return start - timedelta(days=DAYS_BEFORE[item])


@dataclass(frozen=True)
class ChecklistLine:
    """One item as the blocks show it: a seeded item's `key` is translated, an added one's `title` shown as typed."""

    id: int
    key: str | None
    title: str | None
    owner_id: str
    due: date | None
    done_at: datetime | None = None
    done_by: str | None = None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True)
class Readiness:
    done: int
    total: int

    @classmethod
    def of(cls, lines: Iterable[ChecklistLine]) -> Readiness:
        items = list(lines)
        return cls(done=sum(line.done for line in items), total=len(items))


def item_window(start: date, end: date) -> tuple[date, date]:
    return start - timedelta(days=LEAD_DAYS), end


def check_item(title: str, due: date | None, *, start: date, end: date, title_field: str, due_field: str
               ) -> tuple[str, list[FieldError]]:
    """The title as kept (spaces folded) and what is wrong with the form: a title is required and short enough,
    a due day (optional) lies between two months before the start and the last day."""
    cleaned = " ".join(title.split())
    errors: list[FieldError] = []
    if not cleaned:
        errors.append(FieldError(title_field, "form.error.required"))
    elif len(cleaned) > TITLE_MAX:
        errors.append(FieldError(title_field, "form.error.too_long", {"limit": TITLE_MAX}))
    first, last = item_window(start, end)
    if due is not None and not first <= due <= last:
        errors.append(FieldError(due_field, "readiness.checklist.error.due_outside", {"first": first, "last": last}))
    return cleaned, errors


def reminder_stage(item_id: int, due: date, zone: ZoneInfo, settings: ReminderSettings) -> Stage:
    """The owner's reminder: the day before the due day, at reminder time. The due day is in the key, so a moved
    day is reminded afresh while a repeated pass says nothing twice."""
    return Stage("checklist_due_1d", at_local(due - timedelta(days=1), settings.reminder_hour, zone),
                 f"checklist:{item_id}:{due.isoformat()}:due-1d", 1)


def next_reminder(item_id: int, due: date | None, done: bool, zone: ZoneInfo, settings: ReminderSettings,
                  now: datetime) -> datetime | None:
    """When the item's reminder is due next; None when it is done, has no due day, or its moment has passed."""
    if done or due is None:
        return None
    stage = reminder_stage(item_id, due, zone, settings)
    return stage.fire_at if stage.fire_at > now else None


def open_lines(lines: Sequence[ChecklistLine]) -> list[ChecklistLine]:
    return [line for line in lines if not line.done]


# --- milestones -------------------------------------------------------------------------------------------------

class MilestoneState(StrEnum):
    OPEN = "open"
    DONE = "done"
    MISSED = "missed"


class MilestoneOutcome(StrEnum):
    """What the review says of a milestone."""

    HIT = "hit"  # done by the end of its day
    MISSED = "missed"  # marked missed, done after its day, or still open once its day is over
    UPCOMING = "upcoming"  # its day has not passed and it is not done yet


def milestone_outcome(state: str, on_date: date, done_on: date | None, today: date) -> MilestoneOutcome:
    if state == MilestoneState.DONE:
        return MilestoneOutcome.HIT if done_on is None or done_on <= on_date else MilestoneOutcome.MISSED
    if state == MilestoneState.MISSED or on_date < today:
        return MilestoneOutcome.MISSED
    return MilestoneOutcome.UPCOMING
