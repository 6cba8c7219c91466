"""A plan per source (渠道): each source's planned share of the targets and its own budget. Pure.

README.md, "Using it": "A plan per source (渠道)": each source may carry its planned share of the targets and its
budget, and is then held to its own share of the pace, on the same curve (Douyin 30%: 30% of every total). A line of
the reporting setup's sources box reads `抖音 Douyin 30% ¥150,000` (or `Douyin 30%`, `Douyin ¥150,000`, `Douyin 15万`):
the trailing share and amount are the plan, the rest the source's name.

The rules:
- shares, when any are given, add up to exactly 100% (a source without a share is simply not held to a pace);
  a share is between 0% and 100%, with at most two decimals;
- budgets are amounts as `bot.kernel.numbers` reads them; together they may not pass the campaign budget (when the
  campaign has one): refused, like the budget-lines plan, so a plan never promises money the campaign has not got;
- a source is judged by `bot.pace.rules.pace.standing` on a plan of its own: its share of every target, its own
  reports only, its own day in (a source that has reported today is judged through today) — so it is "behind"
  exactly when its mark is red, and a source that has not reported is never behind (nothing to judge).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from bot.kernel.forms import FieldError
from bot.kernel.numbers import NotANumber, parse_amount, plain_amount

FIELD = "sources"
HUNDRED = Decimal(100)
ZERO = Decimal(0)
CENT = Decimal("0.01")
BUDGET_MAX = Decimal("1e13")
_SHARE = re.compile(r"^(?P<number>[-+]?(?:\d+(?:\.\d+)?|\.\d+))%$")
_CURRENCY = "¥$"
_UNITS = ("k", "w", "m", "千", "万", "萬", "百万", "百萬", "亿", "億", "元")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")
# Between sources: a new line, a Chinese comma or enumeration comma, or a comma not inside a number (150,000).
_BETWEEN = re.compile(r"[、;；]|[,，](?!\d)")


@dataclass(frozen=True)
class SourceShare:
    """One source and its plan; `share` a fraction (0.3 for 30%), both None for a source without a plan."""

    name: str
    share: Decimal | None = None
    budget: Decimal | None = None

    @property
    def planned(self) -> bool:
        return self.share is not None or self.budget is not None


def split_sources(text: str) -> list[str]:
    """The sources box as one entry per source: lines, and commas between names (`WeChat, Douyin`)."""
    return [part.strip() for line in text.splitlines() for part in _BETWEEN.split(line) if part.strip()]


def source_line(source: SourceShare) -> str:
    """A source as the box shows it again, in a form `parse_source` reads back: `Douyin 30% ¥150000`."""
    parts = [source.name]
    if source.share is not None:
        parts.append(f"{plain_amount(source.share * HUNDRED)}%")
    if source.budget is not None:
        parts.append(f"¥{plain_amount(source.budget)}")
    return " ".join(parts)


def parse_source(text: str) -> tuple[SourceShare | None, list[FieldError]]:
    """One entry of the box: the trailing share and budget, then the name."""
    words = unicodedata.normalize("NFKC", text).replace("￥", "¥").split()
    words = _glue_percent(words)
    share: Decimal | None = None
    budget: Decimal | None = None
    errors: list[FieldError] = []
    while words:
        word = words[-1]
        match = _SHARE.match(word)
        if match:
            if share is not None:
                errors.append(FieldError(FIELD, "reports.source.error.two_shares", {"source": text}))
            share = _share(match["number"], text, errors)
        elif _looks_like_money(word):
            if budget is not None:
                errors.append(FieldError(FIELD, "reports.source.error.two_budgets", {"source": text}))
            budget = _budget(word, text, errors)
        else:
            break
        words.pop()
    name = " ".join(words)
    if not name:
        errors.append(FieldError(FIELD, "reports.source.error.no_name", {"source": text}))
    if errors:
        return None, errors
    return SourceShare(name, share, budget), []


def check_sources(texts: Sequence[str], *, campaign_budget: Decimal) -> tuple[list[SourceShare], list[FieldError]]:
    """Every entry of the box read and the plan checked as a whole; the first error per field is what people see."""
    sources: list[SourceShare] = []
    errors: list[FieldError] = []
    for text in texts:
        source, found = parse_source(text)
        errors += found
        if source is not None:
            sources.append(source)
    if errors:
        return [], errors
    shares = [source.share for source in sources if source.share is not None]
    if shares and sum(shares, ZERO) != 1:
        total = plain_amount(sum(shares, ZERO) * HUNDRED)
        return [], [FieldError(FIELD, "reports.source.error.shares_total", {"total": f"{total}%"})]
    planned = sum((source.budget for source in sources if source.budget is not None), ZERO)
    if campaign_budget > 0 and planned > campaign_budget:
        return [], [FieldError(FIELD, "reports.source.error.over_budget", {"planned": planned,
                                                                           "budget": campaign_budget})]
    return sources, []


def _glue_percent(words: list[str]) -> list[str]:
    """`30 %` is `30%`."""
    glued: list[str] = []
    for word in words:
        if word == "%" and glued:
            glued[-1] += "%"
        else:
            glued.append(word)
    return glued


def _looks_like_money(word: str) -> bool:
    """An amount with a currency sign, a unit (15万, 150k) or thousands separators; a bare `2` stays in a name
    (`Store 2`)."""
    lowered = word.lower()
    digits = lowered.lstrip("+-").lstrip(_CURRENCY).lstrip("+-")
    if not digits or not (digits[0].isdigit() or digits[0] == "."):
        return False
    return lowered.lstrip("+-")[0] in _CURRENCY or lowered.endswith(_UNITS) or bool(_GROUPED.match(digits))


def _share(number: str, text: str, errors: list[FieldError]) -> Decimal | None:
    value = Decimal(number)
    if value < 0 or value > HUNDRED:
        errors.append(FieldError(FIELD, "reports.source.error.share_range", {"source": text}))
        return None
    if value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(FieldError(FIELD, "form.error.too_precise"))
        return None
    return value / HUNDRED


def _budget(word: str, text: str, errors: list[FieldError]) -> Decimal | None:
    try:
        value = parse_amount(word.replace("$", "").replace("¥", ""))
    except (NotANumber, InvalidOperation):
        errors.append(FieldError(FIELD, "form.error.not_a_number", {"text": word}))
        return None
    if value < 0:
        errors.append(FieldError(FIELD, "reports.source.error.negative_budget", {"source": text}))
    elif value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(FieldError(FIELD, "form.error.too_precise"))
    elif value > BUDGET_MAX:
        errors.append(FieldError(FIELD, "form.error.too_large"))
    else:
        return value.quantize(CENT)
    return None


# ---------------------------------------------------------------------------------------------------------------
# Judging each source against its share of the pace
# ---------------------------------------------------------------------------------------------------------------


def has_plan(sources: Sequence[SourceShare]) -> bool:
    return any(source.planned for source in sources)


# ---------------------------------------------------------------------------------------------------------------
# Money over its plan, said the evening it happens
#
# A budget line or a source over its planned amount is said in the summary of the day its spend took it over, and
# again on any later evening whose spend made the overrun worse (more spend on a line already over). An evening
# without new spend on it says nothing new: the review has the whole story. Stateless: it follows from the reports,
# so a rerun of the same summary says the same thing and the outbox key says it once.
# ---------------------------------------------------------------------------------------------------------------


