"""The daily summary's chart: per KPI, the cumulative actual against the pace line, as PNG bytes.

Headless and thread-safe: a `matplotlib.figure.Figure` drawn on its own `FigureCanvasAgg`, never pyplot (no
global current figure, no GUI backend, nothing to close). Fonts are passed to each text element instead of
through rcParams, which are process-wide.

Labels arrive translated (the caller uses `t()`), each with an ASCII fallback. Chinese, Japanese and Korean
labels need a CJK font; matplotlib ships none. `ChartFonts.detect` looks, in order, for the font that the
`noto-cjk-sans-otc` package ships (Noto Sans CJK, OFL-1.1), then for a CJK font matplotlib already knows (e.g.
Debian's fonts-noto-cjk or fonts-wqy-microhei). Without one the chart degrades clearly: any label with a
character the fonts cannot draw is replaced by its ASCII fallback, and a warning is logged once per process.
A "missing glyph" box is never drawn silently.
"""

from __future__ import annotations

import importlib
import io
import logging
import math
import threading
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from matplotlib import font_manager, ft2font, rcParams
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.kernel import formatting
from bot.summary.render.labels import ChartLabels, Label
from bot.summary.rules import KpiSeries

log = logging.getLogger(__name__)
T = TypeVar("T", bound=Hashable)

BASE_FAMILY = "DejaVu Sans"  # ships with matplotlib: Latin, Greek, Cyrillic, digits
FONT_PACKAGE = "noto_cjk_sans_otc"  # PyPI noto-cjk-sans-otc: exposes FONT_PATH to NotoSansCJK-Regular.ttc
# Noto Sans CJK has one face per region; the region decides glyph shapes (骨 differs between SC and JP).
_REGION_BY_LOCALE = {"ja": "JP", "ko": "KR", "zh-tw": "TC", "zh-hant": "TC", "zh-hk": "HK", "zh-mo": "HK"}
# CJK fonts matplotlib may already know from the system, in order of preference after the region's Noto face.
SYSTEM_CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN",
    "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Droid Sans Fallback", "AR PL UMing CN",
)

ACTUAL_COLOR = "#1f77b4"
PACE_COLOR = "#7f7f7f"
BEHIND_COLOR = "#c0392b"  # a panel whose KPI is behind its pace today: red frame and title
BEHIND_FILL = "#fdecea"
TODAY_COLOR = "#333333"
# Room around the panels, in inches: tick labels on the left, the title on top, x ticks and the legend below.
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 0.65, 0.2, 0.6, 0.65


def literal_text() -> None:
    """Draw every text as typed. matplotlib reads what stands between two `$` as mathtext: a campaign called
    `Promo $\\foo$` made `savefig` raise, and `Promo $5 and $6` came out as italic maths. Process-wide on purpose:
    the bot draws no mathematics, and the texts matplotlib makes itself (tick labels, legend entries) take their
    default from here when they are created. Called again where figures are drawn, in case something reset it."""
    rcParams["text.parse_math"] = False


literal_text()


@dataclass(frozen=True)
class ChartFonts:
    """The font families to draw with (base first, CJK as matplotlib's per-glyph fallback) and the code
    points they cover, to decide before drawing whether a label can be drawn."""

    families: tuple[str, ...]
    coverage: frozenset[int]
    has_cjk: bool

    def covers(self, text: str) -> bool:
        return all(char.isspace() or ord(char) in self.coverage for char in text)

    def text(self, label: Label) -> str:
        """The label as it will be drawn: its text when every character can be drawn, else the fallback."""
        if self.covers(label.text):
            return label.text
        # The label itself is not logged: it may be a campaign's or a source's name, what a person typed.
        _warn_once(
            "fallback",
            "a chart label has characters no available font can draw (CJK font found: %s); using its fallback. "
            "Install the noto-cjk-sans-otc package to draw CJK labels.",
            self.has_cjk,
        )
        if self.covers(label.ascii_fallback):
            return label.ascii_fallback
        return "".join(c if c.isspace() or ord(c) in self.coverage else "?" for c in label.ascii_fallback)

    @classmethod
    def detect(cls, locale: str | None = None) -> ChartFonts:
        """The best fonts for `locale`; cached, so only the first chart pays for finding and loading them."""
        return _detect(_region(locale))

    @classmethod
    def latin_only(cls) -> ChartFonts:
        """matplotlib's own font alone: what a machine without any CJK font has."""
        base = str(font_manager.findfont(BASE_FAMILY, fallback_to_default=True))
        return ChartFonts((BASE_FAMILY,), _coverage(base), has_cjk=False)


def render_pace_chart(series: Sequence[KpiSeries], labels: ChartLabels, *, dpi: int = 100, **options: Any) -> bytes:
    """PNG bytes: one small subplot per KPI series (cumulative actual vs pace, window days on x); `options` are
    `pace_figure`'s.

    `format_day` and `format_number` make the tick labels (defaults: "05-10", and `bot.kernel.formatting.number` in
    `locale`); a tick text the fonts cannot draw falls back to the default form. Raises ValueError without
    series: a campaign without KPI targets has nothing to chart.
    """
    if not series:
        raise ValueError("no KPI series to chart")
    literal_text()
    fonts = options.pop("fonts", None) or ChartFonts.detect(options.get("locale"))
    figure = _kept_figure(len(series), fonts, dpi).draw(series, labels, **options)
    buffer = io.BytesIO()
    # zlib level 1: a third of the encoding time of the default 6, for a file about 20% larger.
    figure.savefig(buffer, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def pace_figure(
    series: Sequence[KpiSeries],
    labels: ChartLabels,
    *,
    fonts: ChartFonts | None = None,
    dpi: int = 100,
    **options: Any,
) -> Figure:
    """The chart as a new matplotlib Figure (what `render_pace_chart` saves), for inspection."""
    if not series:
        raise ValueError("no KPI series to chart")
    literal_text()
    fonts = fonts or ChartFonts.detect(options.get("locale"))
    return PaceFigure(len(series), fonts, dpi).draw(series, labels, **options)


class PaceFigure:
    """A chart's figure with its panels, lines and labels built once, then redrawn for chart after chart.

    Building axes and their ticks is about half of a chart's time, and the 21:00 storm draws a thousand charts of
    few shapes; so every artist is made here, and `draw` sets everything that depends on the data (including
    what a previous chart changed), never adds. A kept figure drawn for a chart makes the same PNG as a new one.
    """

    def __init__(self, panels: int, fonts: ChartFonts, dpi: int) -> None:
        self.fonts = fonts
        self.family = list(fonts.families)
        columns = 1 if panels == 1 else 2
        rows = math.ceil(panels / columns)
        width, height = 4.2 * columns, 2.6 * rows + 0.6
        self.figure = Figure(figsize=(width, height), dpi=dpi)
        FigureCanvasAgg(self.figure)
        # Fixed margins, in inches, instead of matplotlib's constrained layout: that layout measures every tick
        # label and draws the figure twice, which made it 40% of a chart's time.
        grid = self.figure.add_gridspec(rows, columns, left=MARGIN_LEFT / width, right=1 - MARGIN_RIGHT / width,
                                        top=1 - MARGIN_TOP / height, bottom=MARGIN_BOTTOM / height, wspace=0.25,
                                        hspace=0.5)
        # Only the panels needed: an unused one costs its ticks all the same.
        self.panels = [_Panel(self.figure.add_subplot(grid[index // columns, index % columns]), self.family)
                       for index in range(panels)]
        first = self.panels[0]
        self.legend = self.figure.legend([first.actual, first.pace], ["", ""], loc="lower center", ncols=2,
                                         prop=FontProperties(family=self.family, size=8), frameon=False)
        self.title = self.figure.suptitle("", fontfamily=self.family, fontsize=11, parse_math=False)

    def draw(
        self,
        series: Sequence[KpiSeries],
        labels: ChartLabels,
        *,
        locale: str | None = None,
        format_day: Callable[[date], str] | None = None,
        format_number: Callable[[float], str] | None = None,
    ) -> Figure:
        fonts = self.fonts
        day_text = _safe_formatter(format_day or _iso_day, _iso_day, fonts)
        number_text = _safe_formatter(format_number or (lambda value: formatting.number(_tidy(value), locale)),
                                      lambda value: f"{_tidy(value)}", fonts)
        for panel, kpi in zip(self.panels, series, strict=True):
            panel.draw(kpi, labels, fonts, day_text, number_text)
        actual_text, pace_text = self.legend.get_texts()
        actual_text.set_text(fonts.text(labels.actual))
        pace_text.set_text(fonts.text(labels.pace))
        self.title.set_text("" if labels.title is None else fonts.text(labels.title))
        self.title.set_visible(labels.title is not None)
        return self.figure


class _Panel:
    """One KPI's axes: the pace and actual lines, and today's line, dot and label."""

    def __init__(self, axes: Axes, family: list[str]) -> None:
        self.axes = axes
        (self.pace,) = axes.plot([], [], color=PACE_COLOR, linestyle="--", linewidth=1.2)
        (self.actual,) = axes.plot([], [], color=ACTUAL_COLOR, linewidth=2)
        self.today_line = axes.axvline(0, color=TODAY_COLOR, linewidth=0.8, linestyle=":")
        (self.today_dot,) = axes.plot([], [], marker="o", markersize=4, color=ACTUAL_COLOR)
        # x in data, y in axes fraction: the label sits at the top of the line whatever the scale.
        self.today_text = axes.text(0, 0.97, "", transform=axes.get_xaxis_transform(), va="top", fontsize=7,
                                    color=TODAY_COLOR, fontfamily=family, parse_math=False,
                                    bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none",
                                          "alpha": 0.8})
        self.family = family
        axes.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        axes.yaxis.set_major_locator(MaxNLocator(nbins=4))
        axes.tick_params(labelsize=7, labelfontfamily=family)
        axes.grid(True, linewidth=0.3, alpha=0.5)
        for side in ("top", "right"):
            axes.spines[side].set_visible(False)

    def draw(self, kpi: KpiSeries, labels: ChartLabels, fonts: ChartFonts, day_text: Callable[[date], str],
             number_text: Callable[[float], str]) -> None:
        axes = self.axes
        self.pace.set_data(range(len(kpi.pace)), [float(v) for v in kpi.pace])
        actual = [math.nan if v is None else float(v) for v in kpi.actual]
        self.actual.set_data(range(len(actual)), actual)
        self._mark_today(actual, len(kpi.pace), labels, fonts)
        title = fonts.text(labels.kpis.get(kpi.metric, Label(kpi.metric, kpi.metric)))
        behind = is_behind(kpi)
        # The eye should land on the KPIs that need action: tinted panel, red frame, "behind pace" in the title.
        axes.set_facecolor(BEHIND_FILL if behind else rcParams["axes.facecolor"])
        for spine in axes.spines.values():
            spine.set_edgecolor(BEHIND_COLOR if behind else rcParams["axes.edgecolor"])
        if behind and labels.behind is not None:
            title = f"{title} · {fonts.text(labels.behind)}"
        # y given: matplotlib would otherwise measure the tick labels to place the title above them (nothing is
        # there: no top ticks), a fifth of the chart's time.
        axes.set_title(title, fontfamily=self.family, fontsize=9, color=BEHIND_COLOR if behind else "black", y=1.0,
                       parse_math=False)
        axes.set_xlim(0, max(len(kpi.pace) - 1, 1))
        axes.set_autoscaley_on(True)
        axes.relim(visible_only=True)
        axes.autoscale_view(scalex=False)
        axes.set_ylim(bottom=0)
        axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: day_text(kpi.start + timedelta(days=int(x)))))
        axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: number_text(y)))

    def _mark_today(self, actual: list[float], window: int, labels: ChartLabels, fonts: ChartFonts) -> None:
        today = len(actual) - 1
        marked = today >= 0
        self.today_line.set_visible(marked)
        self.today_line.set_xdata([today, today])
        value = actual[today] if marked else math.nan
        self.today_dot.set_data([today], [value])
        self.today_dot.set_visible(marked and not math.isnan(value))
        self.today_text.set_visible(marked and labels.today is not None)
        if labels.today is not None:
            near_end = today > 0.8 * max(window - 1, 1)
            self.today_text.set_x(today)
            self.today_text.set_text(fonts.text(labels.today))
            self.today_text.set_horizontalalignment("right" if near_end else "left")


def is_behind(kpi: KpiSeries) -> bool:
    """The panel is tinted exactly when every other surface calls the KPI behind (`bot.pace.rules.pace.standing`)."""
    return kpi.standing.behind


_kept = threading.local()  # per thread: a figure is not safe to draw from two threads at once


def _kept_figure(panels: int, fonts: ChartFonts, dpi: int) -> PaceFigure:
    figures: dict[tuple[int, ChartFonts, int], PaceFigure] = _kept.__dict__.setdefault("figures", {})
    key = (panels, fonts, dpi)
    if key not in figures:
        figures[key] = PaceFigure(panels, fonts, dpi)
    return figures[key]


def _iso_day(day: date) -> str:
    return day.strftime("%m-%d")


def _tidy(value: float) -> int | Decimal:
    """Tick values as people read them: 1500000.0 → 1500000, 2.5 → 2.5 (no float noise)."""
    return int(value) if float(value).is_integer() else Decimal(repr(value))


def _safe_formatter(chosen: Callable[[T], str], fallback: Callable[[T], str], fonts: ChartFonts) -> Callable[[T], str]:
    # Memoised per chart: layout formats the same few ticks dozens of times, and Babel's locale lookup behind
    # formatting.number costs about half a millisecond a call (a third of the chart's time without this).
    memo: dict[T, str] = {}

    def format_tick(value: T) -> str:
        if value in memo:
            return memo[value]
        text: str = chosen(value)
        if not fonts.covers(text):
            _warn_once("tick", "chart tick label %r cannot be drawn with the available fonts; using a plain form",
                       text)
            text = fallback(value)
        memo[value] = text
        return text

    return format_tick


_warned: set[str] = set()
_warned_lock = threading.Lock()


def _warn_once(reason: str, message: str, *args: object) -> None:
    with _warned_lock:
        if reason in _warned:
            return
        _warned.add(reason)
    log.warning(message, *args)


def _region(locale: str | None) -> str:
    key = (locale or "").replace("_", "-").lower()
    for prefix, region in _REGION_BY_LOCALE.items():
        if key == prefix or key.startswith(prefix + "-"):
            return region
    return "SC"


_register_lock = threading.Lock()
_registered: list[bool] = []  # [result] once tried: addfont twice would list every face twice


def _register_packaged_font() -> bool:
    """Add the packaged Noto Sans CJK collection to matplotlib's font list (all its faces), once per process."""
    with _register_lock:
        if not _registered:
            _registered.append(_add_packaged_font())
        return _registered[0]


def _add_packaged_font() -> bool:
    try:
        module = importlib.import_module(FONT_PACKAGE)
        font_manager.fontManager.addfont(str(module.FONT_PATH))
    except ImportError:
        return False
    except (OSError, RuntimeError, AttributeError) as error:  # a broken install must not break the summary
        log.warning("could not load the CJK font from %s: %s", FONT_PACKAGE, error)
        return False
    return True


@cache
def _detect(region: str) -> ChartFonts:
    _register_packaged_font()
    known = {entry.name: entry for entry in _font_entries()}
    for name in (f"Noto Sans CJK {region}", *SYSTEM_CJK_FAMILIES):
        entry = known.get(name)
        if entry is None:
            continue
        base = str(font_manager.findfont(BASE_FAMILY, fallback_to_default=True))
        try:
            # FontEntry.index (the face in a .ttc collection) exists from matplotlib 3.11; before, face 0 only.
            coverage = _coverage(base) | _coverage(entry.fname, getattr(entry, "index", 0))
        except (OSError, RuntimeError, TypeError) as error:
            log.warning("could not read the CJK font %s: %s", entry.fname, error)
            continue
        return ChartFonts((BASE_FAMILY, name), coverage, has_cjk=True)
    # Not logged here: an English-only workspace loses nothing. `ChartFonts.text` logs when a label falls back.
    return ChartFonts.latin_only()


def _font_entries() -> list[font_manager.FontEntry]:
    """The fonts matplotlib knows (its own, the system's, and the packaged one once registered)."""
    return list(font_manager.fontManager.ttflist)


@cache
def _coverage(path: str, index: int = 0) -> frozenset[int]:
    font = ft2font.FT2Font(str(path), face_index=index) if index else ft2font.FT2Font(str(path))
    return frozenset(font.get_charmap())


def draw_pace_chart(series: Sequence[KpiSeries], labels: ChartLabels, locale: str | None) -> bytes:
    """The summary's chart as the chart pool draws it (bot.summary.scheduled names it)."""
    return render_pace_chart(series, labels, locale=locale)


def warm_up() -> bytes:
    """Load matplotlib and the CJK fonts, once per chart worker, before the first chart is asked for."""
    ChartFonts.detect("zh-CN")
    return b""
