"""Parse and validate a division-of-labour table (活动执行分工表) pasted or uploaded to the bot.

Pure domain logic: no Slack client and no database. Callers give raw text/bytes plus a UserIndex
built from ``users.list`` and get back tasks, milestones and structured issues (``codes.Code``).
"""

from bot.campaigns.rules.campaign import Phase
from bot.imports.rules.codes import Code
from bot.imports.rules.dates import parse_due, parse_due_near
from bot.imports.rules.errors import DueDateError, HeaderError, OwnerError, TableImportError, TableReadError
from bot.imports.rules.headers import Field, map_headers
from bot.imports.rules.limits import MAX_FILE_BYTES, MAX_ROWS
from bot.imports.rules.models import Grid, MilestoneRow, Notice, RowIssue, TableParseResult, TaskRow
from bot.imports.rules.owners import OwnerKind, OwnerRef, split_owner_cell
from bot.imports.rules.reader import read_csv_bytes, read_file, read_pasted, read_xlsx_bytes
from bot.imports.rules.table import parse_table
from bot.imports.rules.user_index import EmailLookup, UserIndex

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "Code",
    "DueDateError",
    "EmailLookup",
    "Field",
    "Grid",
    "HeaderError",
    "MilestoneRow",
    "Notice",
    "OwnerError",
    "OwnerKind",
    "OwnerRef",
    "Phase",
    "RowIssue",
    "TableImportError",
    "TableParseResult",
    "TableReadError",
    "TaskRow",
    "UserIndex",
    "map_headers",
    "parse_due",
    "parse_due_near",
    "parse_table",
    "read_csv_bytes",
    "read_file",
    "read_pasted",
    "read_xlsx_bytes",
    "split_owner_cell",
]
