"""Every code this package can emit, for the i18n catalogue.

Errors and notices leave this package as ``code`` + ``params`` so the app can translate them; the
translator should make sure each member below has a message. Params are JSON-friendly (str, int,
list of str); dates are ISO strings.
"""

from enum import StrEnum


class Code(StrEnum):
    # --- reading the file / paste (raised as TableReadError) ---
    FILE_TOO_LARGE = "file_too_large"  # size_bytes: int, max_bytes: int
    UNREADABLE_FILE = "unreadable_file"  # reason: "encoding" | "binary" | "corrupt"
    UNSUPPORTED_FILE_TYPE = "unsupported_file_type"  # extension: str (e.g. ".xls", "" when none)
    TOO_MANY_ROWS = "too_many_rows"  # max_rows: int
    EMPTY_TABLE = "empty_table"  # (no params) no rows at all, or a header without data rows

    # --- notices: the import can go on, but the user should know ---
    XLSX_OTHER_SHEETS_IGNORED = "xlsx_other_sheets_ignored"  # sheet: str, ignored: list[str]

    # --- table-level issues (row_number = header row, or None) ---
    NO_TASK_COLUMN = "no_task_column"  # headers: list[str] (the headers seen)
    DUPLICATE_COLUMN = "duplicate_column"  # field: str, columns: list[str] (headers mapped to it)
    NO_OWNER_COLUMN = "no_owner_column"  # headers: list[str]; only when some row is not a milestone
    NO_DUE_COLUMN = "no_due_column"  # headers: list[str]

    # --- row issues (row_number + column = header as the user wrote it) ---
    TASK_EMPTY = "task_empty"  # (no params)
    OWNER_MISSING = "owner_missing"  # (no params)
    OWNER_UNKNOWN = "owner_unknown"  # owner: str, reason: "not_found" | "deactivated" | "bot"
    OWNER_AMBIGUOUS = "owner_ambiguous"  # owner: str, candidates: list[str] (Slack user ids)
    DUE_MISSING = "due_missing"  # (no params)
    DUE_UNREADABLE = "due_unreadable"  # value: str (the raw cell text)
    DUE_AFTER_CAMPAIGN = "due_after_campaign"  # due: str (ISO date), campaign_end: str (ISO date)
    ID_DUPLICATE = "id_duplicate"  # id: str, first_row: int
    CELL_TOO_LONG = "cell_too_long"  # length: int, limit: int (characters)
