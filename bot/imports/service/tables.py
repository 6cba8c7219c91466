"""Use cases of the division-of-labour import: keep a parsed table for Confirm, then commit it atomically."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlmodel import Session

from bot.campaigns.service import audit
from bot.campaigns.service.campaigns import live_campaign
from bot.campaigns.service.scheduling import schedule_milestone
from bot.imports.rules import MilestoneRow, TaskRow
from bot.imports.rules.reimport import ImportPlan, TaskSnapshot, plan_import, row_fields
from bot.kernel import policy
from bot.kernel.errors import InvalidInput, NotAllowed, UserRef
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.ids import Field
from bot.tasks.rules.tasks import TaskStatus
from bot.tasks.service.scheduling import schedule_task
from bot.tasks.service.tasks import new_tasks
from storage.models import Campaign, TableImport, Task
from storage.repositories import tasks as tasks_repo

PENDING_LIFETIME = timedelta(hours=24)


@dataclass(frozen=True)
class ParsedTable:
    """The rows of a table that passed every check; what a pending import keeps until Confirm."""

    tasks: list[TaskRow]
    milestones: list[MilestoneRow]
    owner_zones: dict[str, str] = field(default_factory=dict)  # Slack time zone of each owner, for reminders

    def dump(self) -> str:
        return json.dumps({
            "owner_zones": self.owner_zones,
            "tasks": [{**row.__dict__, "due": row.due.isoformat()} for row in self.tasks],
            "milestones": [
                {**row.__dict__, "date": row.date.isoformat(), "owner_ids": list(row.owner_ids)}
                for row in self.milestones
            ],
        }, ensure_ascii=False)

    @classmethod
    def load(cls, text: str) -> ParsedTable:
        data = json.loads(text)
        return cls(
            tasks=[TaskRow(**{**row, "due": datetime.fromisoformat(row["due"])}) for row in data["tasks"]],
            milestones=[
                MilestoneRow(**{
                    **row, "date": datetime.fromisoformat(row["date"]), "owner_ids": tuple(row["owner_ids"]),
                })
                for row in data["milestones"]
            ],
            owner_zones=data.get("owner_zones", {}),
        )


@dataclass
class ImportOutcome:
    campaign_id: int
    added: list[Task] = field(default_factory=list)
    changed: int = 0
    unchanged: int = 0
    missing: int = 0
    closed: int = 0
    milestones_added: int = 0
    milestones_moved: int = 0

    def owners(self) -> Counter[str | None]:
        return Counter(task.owner_id for task in self.added)


def snapshots(tasks: list[Task]) -> list[TaskSnapshot]:
    return [
        TaskSnapshot(
            id=task.pk, title=task.title, owner_id=task.owner_id, collaborators=task.collaborators,
            due_at=task.due_at, deliverable=task.deliverable, phase=task.phase, phase_label=task.phase_label,
            notes=task.notes, status=task.status,
        )
        for task in tasks
    ]


def check_may_import(actor: policy.Actor, campaign: Campaign) -> None:
    if not policy.can_manage_tasks(actor, campaign):
        raise NotAllowed("imports.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)


def plan_for(*, session: Session, campaign_id: int, table: ParsedTable) -> ImportPlan:
    existing = list(tasks_repo.tasks_of_campaign(session=session, campaign_id=campaign_id))
    return plan_import(table.tasks, snapshots(existing))


def keep_pending(
    *, session: Session, campaign_id: int, table: ParsedTable, source: str, user_id: str, now: datetime
) -> TableImport:
    return tasks_repo.add_table_import(session=session, table_import=TableImport(
        campaign_id=campaign_id, user_id=user_id, source=source[:300], status="pending",
        payload=table.dump(), created_at=now,
    ))


def check_unassigned_agreed(pending: TableImport, *, unassigned: bool) -> ParsedTable:
    """The pending table, once the person has agreed to import its rows without an owner (if it has any)."""
    table = ParsedTable.load(pending.payload)
    if not unassigned and any(row.owner_id is None for row in table.tasks):
        raise FormRejected([FieldError(Field.IMPORT_UNASSIGNED, "imports.preview.unassigned.required")])
    return table


def commit_import(
    *, session: Session, import_id: int, actor: policy.Actor, now: datetime, close_missing: bool,
    unassigned: bool = False,
) -> ImportOutcome:
    """Apply a pending import in the caller's transaction: all rows or none, and once. Rows kept without an owner
    (nobody in the workspace) are imported only when `unassigned` says the person agreed."""
    if not tasks_repo.take_pending_import(session=session, import_id=import_id, team_id=actor.team_id):
        raise InvalidInput("imports.already_done")
    pending = tasks_repo.get_table_import(session=session, import_id=import_id, team_id=actor.team_id)
    if pending is None:
        raise InvalidInput("imports.already_done")
    if now - pending.created_at > PENDING_LIFETIME:
        raise InvalidInput("imports.expired")
    campaign = live_campaign(session=session, campaign_id=pending.campaign_id, team_id=actor.team_id)
    check_may_import(actor, campaign)
    table = check_unassigned_agreed(pending, unassigned=unassigned)  # before anything is written: the take rolls back
    # Plan again: tasks may have changed between the preview and Confirm.
    plan = plan_for(session=session, campaign_id=campaign.pk, table=table)
    outcome = ImportOutcome(campaign_id=campaign.pk, changed=len(plan.changed), unchanged=len(plan.unchanged),
                            missing=len(plan.missing))
    outcome.added += new_tasks(session, campaign, [{**row_fields(row), "owner_tz": table.owner_zones.get(row.owner_id)}
                                                   for row in plan.added], actor_id=actor.user_id, now=now)
    changed = tasks_repo.tasks_by_ids(session=session, task_ids=[task_id for task_id, _, _ in plan.changed],
                                      team_id=actor.team_id)
    for task_id, row, _fields in plan.changed:
        task = changed[task_id]
        for name, value in row_fields(row).items():
            setattr(task, name, value)
        task.owner_tz = table.owner_zones.get(row.owner_id, task.owner_tz)
        task.updated_at = now
        schedule_task(task, campaign, now)
    if close_missing:
        gone = tasks_repo.tasks_by_ids(session=session, task_ids=[task.id for task in plan.missing],
                                       team_id=actor.team_id)
        for task in gone.values():
            tasks_repo.record_task_change(session=session, task_id=task.pk, from_status=task.status,
                                          to_status=TaskStatus.CANCELLED, actor_id=actor.user_id, at=now,
                                          reason="import")
            task.status = TaskStatus.CANCELLED
            task.updated_at = now
            schedule_task(task, campaign, now)
        outcome.closed = len(gone)
    zone = ZoneInfo(campaign.timezone)
    for milestone in table.milestones:
        saved, state = tasks_repo.upsert_milestone(
            session=session, campaign_id=campaign.pk, name=milestone.name[:200],
            on_date=milestone.date.astimezone(zone).date(), created_by=actor.user_id, at=now,
            owner_id=milestone.owner_ids[0] if milestone.owner_ids else None,  # the table's 负责人
        )
        session.flush()
        schedule_milestone(saved, campaign, now)
        outcome.milestones_added += state == "added"
        outcome.milestones_moved += state == "moved"
    session.flush()
    after: dict[str, object] = {"source": pending.source, "added": len(outcome.added), "changed": outcome.changed,
                                "closed": outcome.closed,
                                "milestones": outcome.milestones_added + outcome.milestones_moved}
    without_owner = sum(task.owner_id is None for task in outcome.added)
    if without_owner:
        after["unassigned"] = without_owner
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="import", object_id=import_id,
                 action="committed", after=after)
    return outcome
