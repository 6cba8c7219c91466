"""Pick the right reader for an uploaded file and refuse what we cannot read."""

import os

from bot.domain.table_import.codes import Code
from bot.domain.table_import.delimited import read_csv_bytes, read_pasted
from bot.domain.table_import.errors import TableReadError
from bot.domain.table_import.limits import MAX_FILE_BYTES
from bot.domain.table_import.models import Grid
from bot.domain.table_import.xlsx import read_xlsx_bytes

__all__ = ["read_csv_bytes", "read_file", "read_pasted", "read_xlsx_bytes"]

_ZIP_MAGIC = b"PK\x03\x04"
_XLSX_EXTENSIONS = frozenset({".xlsx", ".xlsm"})
_TEXT_EXTENSIONS = frozenset({".csv", ".tsv", ".txt", ""})


def read_file(name: str, data: bytes) -> Grid:
    if len(data) > MAX_FILE_BYTES:
        raise TableReadError(Code.FILE_TOO_LARGE, {"size_bytes": len(data), "max_bytes": MAX_FILE_BYTES})
    extension = os.path.splitext(name.strip().lower())[1]
    if extension not in _XLSX_EXTENSIONS | _TEXT_EXTENSIONS:
        raise TableReadError(Code.UNSUPPORTED_FILE_TYPE, {"extension": extension})
    # Trust the content over the name: Slack users rename files, and an XLSX saved as .csv is common.
    if data.startswith(_ZIP_MAGIC):
        return read_xlsx_bytes(data)
    if extension in _XLSX_EXTENSIONS:
        raise TableReadError(Code.UNREADABLE_FILE, {"reason": "corrupt"})
    return read_csv_bytes(data)
