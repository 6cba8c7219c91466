"""What the pace chart says, in the reader's words: plain values, so the code that prepares a chart imports no
matplotlib (the drawing is bot.summary.render.pace, in the chart workers)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Label:
    """A translated text, and what to show instead when no font can draw it (the English catalogue's text)."""

    text: str
    ascii_fallback: str


@dataclass(frozen=True)
class ChartLabels:
    actual: Label  # legend: e.g. "Actual (cumulative)" / "累计实际"
    pace: Label  # legend: e.g. "Expected pace" / "预期进度"
    kpis: Mapping[str, Label] = field(default_factory=dict)  # metric value → subplot title
    title: Label | None = None  # above all subplots
    today: Label | None = None  # at the summary's day on each panel, e.g. "Today" / "今天"
    behind: Label | None = None  # added to the title of a panel behind pace, e.g. "behind pace" / "落后进度"
