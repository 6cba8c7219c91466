"""Validate one data row of the table and turn it into tasks (one per owner) or a milestone."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.imports.rules.codes import Code
from bot.imports.rules.dates import parse_due_near
from bot.imports.rules.errors import DueDateError, OwnerError
from bot.imports.rules.headers import Field, HeaderMap
from bot.imports.rules.limits import MAX_CELL_CHARS, MAX_MILESTONE_CHARS
from bot.imports.rules.models import MilestoneRow, RowIssue, TaskRow
from bot.imports.rules.owners import WORD_SEPARATOR, OwnerKind, OwnerRef, split_owner_cell
from bot.imports.rules.phases import classify_phase
from bot.imports.rules.text import cell_text
from bot.imports.rules.user_index import EmailLookup, UserIndex

# (user id, owner text as written) pairs, and the (code, params) of refs that did not resolve
_OwnerResolution = tuple[list[tuple[str, str]], list[tuple[Code, dict[str, object]]]]
_IssueSink = Callable[[Field, Code, dict[str, object] | None], None]


@dataclass
class RowContext:
    columns: HeaderMap
    campaign_start: date
    campaign_end: date
    tz: ZoneInfo
    users: UserIndex
    lookup_email: EmailLookup | None
    # Owner cells repeat a lot in a table; resolve each distinct cell once.
    owner_cache: dict[str, _OwnerResolution] = field(default_factory=dict)


@dataclass
class RowOutcome:
    tasks: list[TaskRow] = field(default_factory=list)
    milestone: MilestoneRow | None = None
    issues: list[RowIssue] = field(default_factory=list)
    unassigned: TaskRow | None = None  # the row without an owner, when an unknown owner is its only problem
    external_id: str | None = None
    is_milestone: bool = False


def parse_row(number: int, cells: Sequence[object], ctx: RowContext) -> RowOutcome:
    """A row with any issue yields no task at all: importing half a row would hide the problem."""
    columns = ctx.columns
    phase = classify_phase(_cell(cells, columns, Field.PHASE))
    outcome = RowOutcome(external_id=_cell(cells, columns, Field.ID) or None, is_milestone=phase.is_milestone)

    def issue(f: Field, code: Code, params: dict[str, object] | None) -> None:
        outcome.issues.append(RowIssue(number, columns.header_for(f), code, params or {}))

    task = _cell(cells, columns, Field.TASK)
    if not task:
        issue(Field.TASK, Code.TASK_EMPTY, None)
    owners: list[tuple[str, str]] = []
    owner_cell = _cell(cells, columns, Field.OWNER)
    if owner_cell:
        owners, problems = _resolve_owner_cell(owner_cell, ctx)
        for code, params in problems:
            issue(Field.OWNER, code, params)
    elif Field.OWNER in columns.fields and not phase.is_milestone:
        issue(Field.OWNER, Code.OWNER_MISSING, None)
    due = _read_due(cells, ctx, issue)
    notes = _notes(_cell(cells, columns, Field.NOTES), cells, columns)
    _check_lengths(task, notes, cells, columns, phase.is_milestone, issue)
    def task_row(owner_id: str | None, owner_text: str) -> TaskRow:
        assert due is not None
        return TaskRow(
            row_number=number, task=task, owner_id=owner_id, owner_text=owner_text,
            collaborators=_cell(cells, columns, Field.COLLABORATORS) or None, due=due,
            deliverable=_cell(cells, columns, Field.DELIVERABLE) or None,
            phase=phase.phase.value if phase.phase else None, phase_label=phase.label, notes=notes,
            external_id=outcome.external_id,
        )

    if (outcome.issues and due is not None and not owners and not phase.is_milestone
            and all(found.code == Code.OWNER_UNKNOWN for found in outcome.issues)):
        outcome.unassigned = task_row(None, owner_cell)
    # A missing owner/due column is reported once for the table, not on every row.
    if outcome.issues or due is None or not (owners or phase.is_milestone):
        return outcome
    if phase.is_milestone:
        outcome.milestone = MilestoneRow(
            row_number=number,
            name=task,
            date=due,
            owner_ids=tuple(owner_id for owner_id, _ in owners),
            notes=notes,
            external_id=outcome.external_id,
        )
        return outcome
    outcome.tasks = [task_row(owner_id, owner_text) for owner_id, owner_text in owners]
    return outcome


def _check_lengths(task: str, notes: str | None, cells: Sequence[object], columns: HeaderMap, is_milestone: bool,
                   issue: _IssueSink) -> None:
    """Each cell fits the column it is stored in; cutting it short would lose what was written."""
    values = {
        Field.TASK: (task, MAX_MILESTONE_CHARS if is_milestone else MAX_CELL_CHARS["task"]),
        Field.COLLABORATORS: (_cell(cells, columns, Field.COLLABORATORS), MAX_CELL_CHARS["collaborators"]),
        Field.DELIVERABLE: (_cell(cells, columns, Field.DELIVERABLE), MAX_CELL_CHARS["deliverable"]),
        Field.NOTES: (notes or "", MAX_CELL_CHARS["notes"]),
        Field.PHASE: (_cell(cells, columns, Field.PHASE), MAX_CELL_CHARS["phase"]),
    }
    for f, (value, limit) in values.items():
        if len(value) > limit:
            issue(f, Code.CELL_TOO_LONG, {"length": len(value), "limit": limit})


def _cell(cells: Sequence[object], columns: HeaderMap, f: Field) -> str:
    column = columns.fields.get(f)
    return cell_text(cells[column.index]) if column and column.index < len(cells) else ""


def _read_due(cells: Sequence[object], ctx: RowContext, issue: _IssueSink) -> datetime | None:
    column = ctx.columns.fields.get(Field.DUE)
    if column is None:
        return None
    raw = cells[column.index] if column.index < len(cells) else None
    try:
        due = parse_due_near(raw, start=ctx.campaign_start, end=ctx.campaign_end, tz=ctx.tz)
    except DueDateError as error:
        issue(Field.DUE, error.code, error.params)
        return None
    # Before the start is fine (preparation happens then); after the end, the campaign is over.
    if due.astimezone(ctx.tz).date() > ctx.campaign_end:
        issue(
            Field.DUE,
            Code.DUE_AFTER_CAMPAIGN,
            {"due": due.date().isoformat(), "campaign_end": ctx.campaign_end.isoformat()},
        )
        return None
    return due


def _resolve_owner_cell(cell: str, ctx: RowContext) -> _OwnerResolution:
    if cell in ctx.owner_cache:
        return ctx.owner_cache[cell]
    owners: list[tuple[str, str]] = []
    problems: list[tuple[Code, dict[str, object]]] = []
    seen: set[str] = set()
    for ref in _owner_refs(cell, ctx.users):
        try:
            user_id = ctx.users.resolve(ref, ctx.lookup_email)
        except OwnerError as error:
            problems.append((error.code, error.params))
            continue
        if user_id not in seen:
            seen.add(user_id)
            owners.append((user_id, ref.text))
    ctx.owner_cache[cell] = (owners, problems)
    return owners, problems


def _owner_refs(cell: str, users: UserIndex) -> list[OwnerRef]:
    # Names like 王和平 contain a word separator (和): a piece naming exactly one person stays whole.
    refs: list[OwnerRef] = []
    for ref in split_owner_cell(cell, split_words=False):
        splittable = ref.kind is OwnerKind.NAME and WORD_SEPARATOR.search(ref.value)
        if splittable and len(users.find_name(ref.value)) != 1:
            refs.extend(split_owner_cell(ref.text))
        else:
            refs.append(ref)
    return refs


def _notes(notes: str, cells: Sequence[object], columns: HeaderMap) -> str | None:
    lines = [notes] if notes else []
    for column in columns.extras:
        value = cell_text(cells[column.index]) if column.index < len(cells) else ""
        if value:
            lines.append(f"{column.header}: {value}")
    return "\n".join(lines) or None
