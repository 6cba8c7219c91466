"""What the review's chart and PDF say, as plain values: the chart's labels and number formats, the document's
sections, and lines wrapped by display width. No matplotlib here: the serving process builds these (the review is
posted from a listener) and imports the drawing modules (`chart`, `pdf`) only when it draws."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from bot.plan.rules.budget_lines import BudgetLine
from bot.summary.render.labels import Label

WRAP_COLUMNS = 100  # display columns per line at the PDF's body size within its margins


@dataclass(frozen=True)
class ReviewChartLabels:
    title: Label
    kpis_title: Label  # "KPI attainment (% of target)"
    budget_title: Label  # "Budget lines: plan vs actual"
    sources_title: Mapping[str, Label]  # by the figure shared out: "sales" / "conversions"
    planned: Label
    actual: Label
    over_plan: Label
    target: Label  # the 100% line
    no_kpis: Label
    no_spend: Label
    no_sources: Label
    other: Label  # sources beyond the first few
    kpi_names: Mapping[str, Label] = field(default_factory=dict)
    line_names: Mapping[BudgetLine, Label] = field(default_factory=dict)


@dataclass(frozen=True)
class Formats:
    percent: Callable[[Decimal], str]
    money: Callable[[Decimal], str]  # compact, for axis ticks and bar ends


@dataclass(frozen=True)
class DocumentSection:
    title: str
    lines: Sequence[str]


@dataclass(frozen=True)
class ReviewDocument:
    title: str
    subtitle: str
    sections: Sequence[DocumentSection]
    footer: str  # on every page, before the page number
    author: str = "campaignbot"
    created: datetime | None = None  # the injected clock's time, so the file does not depend on the machine's
    keywords: tuple[str, ...] = field(default=())


def columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` display columns: break at the last space when there is one in reach (Latin
    text), anywhere between CJK characters; continuation lines are indented by two columns."""
    pieces: list[str] = []
    current = ""
    used = 0
    for char in text:
        if char == "\n":
            pieces.append(current)
            current, used = "  ", 2
            continue
        if used + columns(char) > width:
            space = current.rfind(" ")
            if space > width // 2 and char != " ":
                pieces.append(current[:space])
                current = "  " + current[space + 1:]
            else:
                pieces.append(current)
                current = "  " if char != " " else " "
            used = sum(columns(c) for c in current)
            if char == " ":
                continue
        current += char
        used += columns(char)
    if current.strip():
        pieces.append(current)
    return pieces or [""]
