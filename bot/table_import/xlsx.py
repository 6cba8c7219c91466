"""Read the first non-empty sheet of an XLSX workbook, keeping native cell types."""

import warnings
import zipfile
from collections.abc import Iterator
from io import BytesIO
from typing import Protocol

from openpyxl import load_workbook

from bot.table_import.codes import Code
from bot.table_import.errors import TableReadError
from bot.table_import.grid_builder import build_grid, require_rows
from bot.table_import.limits import MAX_XLSX_UNPACKED_BYTES
from bot.table_import.models import Grid, Notice


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
        ignored: list[str] = []
        sheets: list[_Sheet] = workbook.worksheets
        for sheet in sheets:
            # Some writers store a wrong <dimension>; trusting it would silently cut rows off.
            sheet.reset_dimensions()
            if chosen is None:
                grid = build_grid(sheet.iter_rows(values_only=True))
                if grid.rows:
                    chosen, chosen_title = grid, sheet.title
            elif _has_content(sheet):
                ignored.append(sheet.title)
    finally:
        workbook.close()
    if chosen is None:
        return require_rows(build_grid([]))
    if ignored:
        chosen.notices.append(
            Notice(Code.XLSX_OTHER_SHEETS_IGNORED, {"sheet": chosen_title, "ignored": ignored})
        )
    return chosen


def _has_content(sheet: _Sheet) -> bool:
    for row in sheet.iter_rows(values_only=True):
        for value in row:
            if value is not None and (not isinstance(value, str) or value.strip()):
                return True
    return False
