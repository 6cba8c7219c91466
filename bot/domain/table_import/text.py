"""Cell-to-text and comparison-key helpers used across the package."""

import re
import unicodedata
from datetime import date, datetime, time

_SPACES = re.compile(r"\s+")
_KEY_NOISE = re.compile(r"[\s_\-]+")
_FORMULA_STARTS = frozenset("=+-@")


def fold(text: str) -> str:
    """Comparison form: NFKC turns full-width letters, digits, colons and spaces into ASCII."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def compact_key(text: str) -> str:
    """Like ``fold`` but ignores spaces, '_' and '-' ("Due date" == "due_date" == "DueDate")."""
    return _KEY_NOISE.sub("", unicodedata.normalize("NFKC", text)).casefold()


# Traditional characters of the words tables use for headers and phases, to their Simplified forms, so that a
# table from Taiwan or Hong Kong (負責人, 完成時間, 預熱期, 裡程碑) reads like one from the mainland. Only header
# and phase words are folded this way, never people's names.
_TRADITIONAL = str.maketrans({
    "務": "务", "內": "内", "稱": "称", "負": "负", "責": "责", "協": "协", "門": "门", "時": "时", "間": "间",
    "標": "标", "準": "准", "驗": "验", "階": "阶", "備": "备", "註": "注", "編": "编", "號": "号", "狀": "状",
    "態": "态", "籌": "筹", "預": "预", "熱": "热", "發": "发", "續": "续", "長": "长", "裡": "里", "裏": "里",
    "節": "节", "點": "点", "關": "关", "鍵": "键", "礙": "碍", "項": "项", "處": "处", "員": "员", "與": "与",
})


def term_key(text: str) -> str:
    """``compact_key`` with Traditional script folded to Simplified: for matching headers and phase words."""
    return compact_key(text).translate(_TRADITIONAL)


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
