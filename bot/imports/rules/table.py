"""Parse a whole division-of-labour table: header, limits, every row, table-wide checks."""

from datetime import date
from zoneinfo import ZoneInfo

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import HeaderError
from bot.imports.rules.headers import Field, map_headers
from bot.imports.rules.limits import MAX_ROWS
from bot.imports.rules.models import Grid, RowIssue, TableParseResult
from bot.imports.rules.row import RowContext, parse_row
from bot.imports.rules.text import is_blank_row
from bot.imports.rules.user_index import EmailLookup, UserIndex


def parse_table(
    grid: Grid,
    *,
    campaign_start: date,
    campaign_end: date,
    tz: ZoneInfo,
    users: UserIndex,
    lookup_email: EmailLookup | None = None,
) -> TableParseResult:
    """Never raises for bad content: every problem becomes a RowIssue with a code and params.

    ``tasks`` and ``milestones`` hold only rows without issues, so a caller may import them and ask
    the user to fix the rest, or refuse the whole table when ``ok`` is false.
    """
    result = TableParseResult(notices=list(grid.notices))
    numbered = zip(grid.row_numbers, grid.rows, strict=True)
    rows = [(number, cells) for number, cells in numbered if not is_blank_row(cells)]
    if not rows:
        result.issues.append(RowIssue(None, None, Code.EMPTY_TABLE))
        return result
    header_number, header_cells = rows[0]
    try:
        columns = map_headers(header_cells)
    except HeaderError as error:
        named = error.params.get("columns")
        column = named[-1] if isinstance(named, list) and named else None
        result.issues.append(RowIssue(header_number, column, error.code, error.params))
        return result
    result.columns = {f.value: column.header for f, column in columns.fields.items()}
    data = rows[1:]
    if not data:
        result.issues.append(RowIssue(None, None, Code.EMPTY_TABLE))
        return result
    if len(data) > MAX_ROWS:
        result.issues.append(RowIssue(None, None, Code.TOO_MANY_ROWS, {"max_rows": MAX_ROWS}))
        return result

    ctx = RowContext(
        columns=columns,
        campaign_start=campaign_start,
        campaign_end=campaign_end,
        tz=tz,
        users=users,
        lookup_email=_memoised(lookup_email),
    )
    first_row_of_id: dict[str, int] = {}
    has_task_rows = False
    for number, cells in data:
        outcome = parse_row(number, cells, ctx)
        has_task_rows = has_task_rows or not outcome.is_milestone
        result.issues.extend(outcome.issues)
        result.tasks.extend(outcome.tasks)
        if outcome.unassigned:
            result.unassigned.append(outcome.unassigned)
        if outcome.milestone:
            result.milestones.append(outcome.milestone)
        if outcome.external_id:
            # Re-import matches rows by ID; two rows claiming one ID would overwrite each other.
            first = first_row_of_id.setdefault(outcome.external_id, number)
            if first != number:
                result.issues.append(
                    RowIssue(number, columns.header_for(Field.ID), Code.ID_DUPLICATE,
                             {"id": outcome.external_id, "first_row": first})
                )

    headers = list(columns.headers)
    table_issues: list[RowIssue] = []
    if Field.OWNER not in columns.fields and has_task_rows:
        table_issues.append(RowIssue(header_number, None, Code.NO_OWNER_COLUMN, {"headers": headers}))
    if Field.DUE not in columns.fields:
        table_issues.append(RowIssue(header_number, None, Code.NO_DUE_COLUMN, {"headers": headers}))
    result.issues[:0] = table_issues
    return result


def _memoised(lookup_email: EmailLookup | None) -> EmailLookup | None:
    # Each call is a Slack API request (rate-limited); one per distinct email is enough.
    if lookup_email is None:
        return None
    answers: dict[str, str | None] = {}

    def lookup(email: str) -> str | None:
        if email not in answers:
            answers[email] = lookup_email(email)
        return answers[email]

    return lookup
