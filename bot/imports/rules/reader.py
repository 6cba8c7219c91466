"""Pick the right reader for an uploaded file and refuse what we cannot read."""

import os

from bot.imports.rules.codes import Code
from bot.imports.rules.delimited import read_csv_bytes, read_pasted
from bot.imports.rules.errors import TableReadError
from bot.imports.rules.limits import MAX_FILE_BYTES
from bot.imports.rules.models import Grid
from bot.imports.rules.xlsx import read_xlsx_bytes

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
