"""Read text tables: pasted from Excel/Google Sheets (TSV) or CSV files exported by Excel."""

import codecs
import csv
import io
import re

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import TableReadError
from bot.imports.rules.grid_builder import build_grid, require_rows
from bot.imports.rules.limits import MAX_FILE_BYTES
from bot.imports.rules.models import Grid

# C0 controls other than tab/newlines, replacement and non-characters: never in a real table, so
# more of them than _MAX_BINARY_SHARE of the text means we decoded binary data.
_BINARY_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffd\ufffe\uffff]")
_MAX_BINARY_SHARE = 0.01


def read_pasted(text: str) -> Grid:
    """Spreadsheets copy as TSV; people typing by hand use commas."""
    size = len(text.encode("utf-8", errors="replace"))
    if size > MAX_FILE_BYTES:
        raise TableReadError(Code.FILE_TOO_LARGE, {"size_bytes": size, "max_bytes": MAX_FILE_BYTES})
    text = text.lstrip("\ufeff")
    delimiter = "\t" if "\t" in text else ","
    return _parse(text, delimiter)


def read_csv_bytes(data: bytes) -> Grid:
    text = _decode(data)
    return _parse(text, _sniff_delimiter(text))


def _decode(data: bytes) -> str:
    # Excel's "Unicode text" export is UTF-16 with a BOM; check it before the NUL-byte test below.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _reject_binary(data.decode("utf-16"))
        except UnicodeDecodeError as exc:
            raise TableReadError(Code.UNREADABLE_FILE, {"reason": "encoding"}) from exc
    if b"\x00" in data:
        raise TableReadError(Code.UNREADABLE_FILE, {"reason": "binary"})
    # Chinese Excel saves CSV in the ANSI code page (GBK), which GB18030 is a superset of.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return _reject_binary(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    raise TableReadError(Code.UNREADABLE_FILE, {"reason": "encoding"})


def _reject_binary(text: str) -> str:
    if len(_BINARY_CHARS.findall(text)) > len(text) * _MAX_BINARY_SHARE:
        raise TableReadError(Code.UNREADABLE_FILE, {"reason": "binary"})
    return text


def _sniff_delimiter(text: str) -> str:
    # csv.Sniffer guesses badly on short Chinese tables; the header line decides well enough.
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    counts = {delimiter: first_line.count(delimiter) for delimiter in ("\t", ",", ";")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _parse(text: str, delimiter: str) -> Grid:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        raw_rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableReadError(Code.UNREADABLE_FILE, {"reason": "corrupt"}) from exc
    return require_rows(build_grid(raw_rows))
