"""Cell-to-text and comparison-key helpers used across the package."""

import re
import unicodedata
from datetime import date, datetime, time
from functools import cache

import opencc

_KEY_NOISE = re.compile(r"[\s_\-]+")
_FORMULA_STARTS = frozenset("=+-@")


def compact_key(text: str) -> str:
    """Like ``fold`` but ignores spaces, '_' and '-' ("Due date" == "due_date" == "DueDate")."""
    return _KEY_NOISE.sub("", unicodedata.normalize("NFKC", text)).casefold()


@cache
def _to_simplified() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def term_key(text: str) -> str:
    """``compact_key`` in Simplified script (OpenCC), so a table from Taiwan or Hong Kong (負責人, 完成時間, 預熱期,
    裡程碑) reads like one from the mainland. Only header and phase words are matched this way, never names."""
    return _to_simplified().convert(compact_key(text))


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.strip()
        # A leading apostrophe is the spreadsheet way (and the bot's export's) to keep "=…" as text.
        return text[1:] if text[:1] == "'" and text[1:2] in _FORMULA_STARTS else text
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        # Excel stores plain dates as midnight datetimes; showing "00:00:00" would be noise.
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value).strip()


def is_blank_row(cells: list[object]) -> bool:
    return all(cell_text(c) == "" for c in cells)


def column_letter(index: int) -> str:
    """0-based column index -> spreadsheet letter, for columns the user left without a header."""
    letters = ""
    number = index + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
