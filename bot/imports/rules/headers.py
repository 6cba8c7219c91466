"""Map the header row of a division-of-labour table (活动执行分工表) to fields.

Teams write headers in Chinese or English, in any order, with stray spaces, full-width characters,
trailing colons, "*" required-markers or hints in brackets ("完成时间（YYYY-MM-DD）"). Columns we do
not know are kept as extras so their content ends up in the task notes instead of being lost.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import HeaderError
from bot.imports.rules.text import cell_text, column_letter, term_key


class Field(StrEnum):
    TASK = "task"
    OWNER = "owner"
    COLLABORATORS = "collaborators"
    DUE = "due"
    DELIVERABLE = "deliverable"
    PHASE = "phase"
    NOTES = "notes"
    ID = "id"


_ALIASES: dict[Field, tuple[str, ...]] = {
    Field.TASK: (
        "任务", "工作内容", "任务内容", "任务名称", "Task", "Tasks", "Task name", "Work", "Description",
    ),
    Field.OWNER: ("负责人", "责任人", "Owner", "Owners", "Assignee", "Assignees", "Responsible"),
    Field.COLLABORATORS: (
        "协作部门", "协作人", "配合部门", "Collaborators", "Collaborator", "Department", "Dept",
    ),
    Field.DUE: ("完成时间", "截止日期", "截止时间", "完成日期", "Due", "Due date", "Deadline"),
    Field.DELIVERABLE: ("交付标准", "验收标准", "Deliverable", "Deliverables", "Definition of done", "DoD"),
    Field.PHASE: ("阶段", "Phase", "Stage"),
    Field.NOTES: ("备注", "Notes", "Note", "Remarks", "Remark", "Comment", "Comments"),
    Field.ID: ("ID", "编号", "Task ID"),
}
# Columns the bot's own export writes from task state; state changes go through the task buttons, so on
# re-import these are ignored rather than turned into notes (which would mark every task changed).
_BOT_STATE_COLUMNS = frozenset(term_key(header) for header in ("Status", "状态", "Blocked because", "受阻原因"))
# Keys fold Traditional script to Simplified (term_key), so 負責人 / 完成時間 / 協作部門 / 任務 match too.
_LOOKUP: dict[str, Field] = {term_key(alias): f for f, aliases in _ALIASES.items() for alias in aliases}

_EDGE_MARKS = re.compile(r"^[*:.\s]+|[*:.\s]+$")
_BRACKETED = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】")


@dataclass(frozen=True)
class Column:
    index: int
    header: str  # as the user wrote it; the column letter when the header cell is empty


@dataclass(frozen=True)
class HeaderMap:
    fields: dict[Field, Column]
    extras: tuple[Column, ...]
    headers: tuple[str, ...]

    def header_for(self, field: Field) -> str | None:
        column = self.fields.get(field)
        return column.header if column else None


def match_header(text: str) -> Field | None:
    key = term_key(_EDGE_MARKS.sub("", term_key(text)))
    if key in _LOOKUP:
        return _LOOKUP[key]
    # term_key applies NFKC, so full-width brackets are plain ASCII brackets by now.
    return _LOOKUP.get(_EDGE_MARKS.sub("", _BRACKETED.sub("", key)))


def map_headers(row: Sequence[object]) -> HeaderMap:
    """Raises HeaderError(duplicate_column | no_task_column)."""
    fields: dict[Field, Column] = {}
    extras: list[Column] = []
    written = [cell_text(value) for value in row]
    for index, text in enumerate(written):
        column = Column(index=index, header=text or column_letter(index))
        if text and term_key(text) in _BOT_STATE_COLUMNS:
            continue
        field = match_header(text) if text else None
        if field is None:
            extras.append(column)
        elif field in fields:
            both = [fields[field].header, column.header]
            raise HeaderError(Code.DUPLICATE_COLUMN, {"field": field.value, "columns": both})
        else:
            fields[field] = column
    seen = [text for text in written if text]
    if Field.TASK not in fields:
        raise HeaderError(Code.NO_TASK_COLUMN, {"headers": seen})
    return HeaderMap(fields=fields, extras=tuple(extras), headers=tuple(seen))
