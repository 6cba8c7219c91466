"""Turn raw rows from any reader into a Grid, enforcing the row limit while streaming."""

from collections.abc import Iterable, Sequence

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import TableReadError
from bot.imports.rules.limits import MAX_ROWS
from bot.imports.rules.models import Grid, Notice


def _clean(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        # Pasted cells often carry Windows line ends inside quoted cells; keep one style.
        return value.replace("\r\n", "\n").strip()
    return value


def build_grid(raw_rows: Iterable[Sequence[object]], notices: Iterable[Notice] = ()) -> Grid:
    """Raw rows are numbered from 1 as in the source, so row numbers survive dropped blank rows."""
    rows: list[list[object]] = []
    numbers: list[int] = []
    for number, raw in enumerate(raw_rows, start=1):
        cells = [_clean(value) for value in raw]
        while cells and cells[-1] == "":
            cells.pop()
        if not cells:
            continue
        rows.append(cells)
        numbers.append(number)
        # Stop early: a million-row sheet must not be read in full just to be refused.
        if len(rows) > MAX_ROWS + 1:
            raise TableReadError(Code.TOO_MANY_ROWS, {"max_rows": MAX_ROWS})
    return Grid(rows=rows, notices=list(notices), row_numbers=numbers)


def require_rows(grid: Grid) -> Grid:
    if not grid.rows:
        raise TableReadError(Code.EMPTY_TABLE)
    return grid
