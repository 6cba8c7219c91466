"""Read one sheet of an XLSX workbook, keeping native cell types.

The sheet is the first whose header row names a task column (so the bot's own export, which starts with
the daily reports, re-imports from its Tasks sheet), else the first non-empty one.
"""

import warnings
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Protocol

from openpyxl import load_workbook

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import HeaderError, TableReadError
from bot.imports.rules.grid_builder import build_grid, require_rows
from bot.imports.rules.headers import Field, map_headers
from bot.imports.rules.limits import MAX_XLSX_UNPACKED_BYTES
from bot.imports.rules.models import Grid, Notice


class _Sheet(Protocol):
    """The part of openpyxl's read-only worksheet we use (openpyxl ships no type hints)."""

    title: str

    def reset_dimensions(self) -> None: ...

    def iter_rows(self, *, values_only: bool) -> Iterator[tuple[object, ...]]: ...


def read_xlsx_bytes(data: bytes) -> Grid:
    _check_archive(data)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about unsupported extensions (data validation, slicers): not our concern.
            warnings.simplefilter("ignore")
            return _read_workbook(data)
    except TableReadError:
        raise
    except Exception as exc:  # openpyxl raises many exception types on corrupt input
        raise TableReadError(Code.UNREADABLE_FILE, {"reason": "corrupt"}) from exc


def _check_archive(data: bytes) -> None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise TableReadError(Code.UNREADABLE_FILE, {"reason": "corrupt"}) from exc
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        params = {"size_bytes": unpacked, "max_bytes": MAX_XLSX_UNPACKED_BYTES}
        raise TableReadError(Code.FILE_TOO_LARGE, params)


def _read_workbook(data: bytes) -> Grid:
    workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    try:
        chosen: Grid | None = None
        chosen_title = ""
        chosen_has_tasks = False
        non_empty: list[str] = []
        sheets: list[_Sheet] = workbook.worksheets
        for sheet in sheets:
            # Some writers store a wrong <dimension>; trusting it would silently cut rows off.
            sheet.reset_dimensions()
            if chosen_has_tasks:
                if _has_content(sheet):
                    non_empty.append(sheet.title)
                continue
            grid = build_grid(sheet.iter_rows(values_only=True))
            if not grid.rows:
                continue
            non_empty.append(sheet.title)
            has_tasks = _names_tasks(grid.rows[0])
            if chosen is None or has_tasks:
                chosen, chosen_title, chosen_has_tasks = grid, sheet.title, has_tasks
    finally:
        workbook.close()
    ignored = [title for title in non_empty if title != chosen_title]
    if chosen is None:
        return require_rows(build_grid([]))
    if ignored:
        chosen.notices.append(
            Notice(Code.XLSX_OTHER_SHEETS_IGNORED, {"sheet": chosen_title, "ignored": ignored})
        )
    return chosen


def _names_tasks(header: list[object]) -> bool:
    try:
        return Field.TASK in map_headers(header).fields
    except HeaderError:
        return False


def _has_content(sheet: _Sheet) -> bool:
    for row in sheet.iter_rows(values_only=True):
        for value in row:
            if value is not None and (not isinstance(value, str) or value.strip()):
                return True
    return False
