"""Value objects shared by the reader, the parser and the callers."""

from dataclasses import dataclass, field
from datetime import datetime

from bot.imports.rules.codes import Code
from bot.kernel.matching import task_match_text


@dataclass(frozen=True)
class Notice:
    code: Code
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class Grid:
    """Cells as read, blank rows already dropped.

    ``row_numbers[i]`` is the spreadsheet row of ``rows[i]`` so that messages can point at the row
    the user sees even though blank rows were skipped. Left empty, it defaults to 1..n.
    """

    rows: list[list[object]]
    notices: list[Notice] = field(default_factory=list)
    row_numbers: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.row_numbers:
            self.row_numbers = list(range(1, len(self.rows) + 1))
        if len(self.row_numbers) != len(self.rows):
            raise ValueError("row_numbers must match rows")


@dataclass(frozen=True)
class TaskRow:
    row_number: int
    task: str
    owner_id: str | None  # None: a row whose owner nobody in the workspace is, imported unassigned if asked
    owner_text: str
    collaborators: str | None
    due: datetime
    deliverable: str | None
    phase: str | None
    phase_label: str | None
    notes: str | None
    external_id: str | None

    @property
    def match_key(self) -> tuple[str, str | None]:
        # Re-import falls back to this when the row has no ID: wording tweaks in case, width, spacing or
        # script (Traditional / Simplified) must not turn an existing task into a new one.
        return (task_match_text(self.task), self.owner_id)


@dataclass(frozen=True)
class MilestoneRow:
    row_number: int
    name: str
    date: datetime
    owner_ids: tuple[str, ...] = ()
    notes: str | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class RowIssue:
    row_number: int | None
    column: str | None
    code: Code
    params: dict[str, object] = field(default_factory=dict)


@dataclass
class TableParseResult:
    tasks: list[TaskRow] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    issues: list[RowIssue] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    # field name -> header as written, so the UI can show how columns were understood
    columns: dict[str, str] = field(default_factory=dict)
    # Rows whose only problem is an owner nobody in the workspace is: importable without an owner, if asked.
    unassigned: list[TaskRow] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def only_unknown_owners(self) -> bool:
        """Every problem is an unknown owner on a row that can be imported unassigned (other problems block)."""
        rows = {row.row_number for row in self.unassigned}
        return bool(self.issues) and all(
            issue.code == Code.OWNER_UNKNOWN and issue.row_number in rows for issue in self.issues)
