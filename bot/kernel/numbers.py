"""Read numbers the way people type them in Chinese and English teams: 12,000 · 1.2万 · 1.2萬 · 3.5k · 2亿 · 3億.

Traditional units (萬, 億) are read by bringing the text to Simplified with OpenCC first, so one table of units
serves both scripts.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from bot.kernel.i18n.chinese import to_simplified

_MULTIPLIERS = {
    "": Decimal(1),
    "k": Decimal(1_000),
    "千": Decimal(1_000),
    "w": Decimal(10_000),
    "万": Decimal(10_000),
    "m": Decimal(1_000_000),
    "百万": Decimal(1_000_000),
    "亿": Decimal(100_000_000),
}
_CURRENCY_MARKS = "¥￥$元"
_NUMBER = re.compile(r"^(?P<sign>[-+]?)(?P<digits>\d+(?:\.\d+)?|\.\d+)(?P<unit>k|w|m|千|万|百万|亿)?$")
# A thousands separator must separate groups of three; "1,2" is a typo, not 12. The grouped number must end
# there (only a unit may follow), or "1,234,5678" and "12,345.6,7" would slip through as other numbers.
_GROUPED = re.compile(r"^[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,.])")


class NotANumber(ValueError):
    pass


def parse_amount(text: str) -> Decimal:
    """Exact Decimal of what the user typed; raises NotANumber with the text when it is not one."""
    cleaned = to_simplified(unicodedata.normalize("NFKC", text)).strip().lower().replace(" ", "")
    cleaned = cleaned.strip(_CURRENCY_MARKS)
    if "," in cleaned:
        if not _GROUPED.match(cleaned):
            raise NotANumber(text)
        cleaned = cleaned.replace(",", "")
    match = _NUMBER.match(cleaned)
    if not match:
        raise NotANumber(text)
    try:
        value = Decimal(match["digits"]) * _MULTIPLIERS[match["unit"] or ""]
    except InvalidOperation:
        raise NotANumber(text) from None
    return -value if match["sign"] == "-" else value


def plain_amount(value: Decimal) -> str:
    """200000.00 → "200000", 1234.50 → "1234.5": an amount as a person would have typed it into a form."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
