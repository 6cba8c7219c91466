"""The review's chart: KPI attainment, budget lines plan vs actual, and each source's (渠道) share, as PNG bytes.

Drawn like the pace chart (`bot.summary.render.pace`): a Figure on its own Agg canvas, fonts passed to each text,
labels translated by the caller with an ASCII fallback for machines without a CJK font. `draw_review_panels`
also draws the same panels onto the first page of the PDF report.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from bot.kernel import formatting
from bot.pace.rules.pace import PaceStatus
from bot.review.render.content import Formats, ReviewChartLabels
from bot.review.rules import Review
from bot.summary.render.labels import Label
from bot.summary.render.pace import ChartFonts, _safe_formatter, literal_text

GOOD_COLOR, UNKNOWN_COLOR, SHORT_COLOR = "#2ca02c", "#9e9e9e", "#d62728"
STATUS_COLORS = {PaceStatus.AHEAD: GOOD_COLOR, PaceStatus.ON_PACE: GOOD_COLOR, PaceStatus.BEHIND: SHORT_COLOR,
                 PaceStatus.UNKNOWN: UNKNOWN_COLOR}
PLANNED_COLOR, ACTUAL_COLOR, OVER_COLOR = "#c7d4e8", "#1f77b4", "#d62728"
SOURCE_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22")
SOURCES_SHOWN = 8
# The sources' panel in the grid's height units: the bar's room at the top, then a line of legend each.
BAR_ROOM, BAR_HEIGHT, LEGEND_LINE = 1.2, 0.8, 0.36
LEGEND_COLUMNS = 36  # a source's name wraps beyond this many columns


def render_review_chart(review: Review, labels: ReviewChartLabels, formats: Formats, *,
                        locale: str | None = None, fonts: ChartFonts | None = None, dpi: int = 100) -> bytes:
    figure = review_figure(review, labels, formats, fonts=fonts or ChartFonts.detect(locale), dpi=dpi)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def review_figure(review: Review, labels: ReviewChartLabels, formats: Formats, *, fonts: ChartFonts,
                  dpi: int = 100) -> Figure:
    literal_text()
    figure = Figure(figsize=(8.0, 9.6), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    draw_review_panels(figure, review, labels, formats, fonts)
    figure.suptitle(fonts.text(labels.title), fontfamily=list(fonts.families), fontsize=12, parse_math=False)
    return figure


def draw_review_panels(figure: Figure, review: Review, labels: ReviewChartLabels, formats: Formats,
                       fonts: ChartFonts, area: Mapping[str, float] | None = None) -> None:
    """Three panels stacked on `figure`; `area` (left, right, top, bottom, hspace as figure fractions) places them
    on a page that also holds text, else the figure's layout engine does."""
    # A formatted amount the fonts cannot draw (万 without a CJK font) falls back to the English form, as ticks do
    # on the pace chart.
    formats = Formats(percent=_safe_formatter(formats.percent, lambda ratio: formatting.percent(ratio, "en"), fonts),
                      money=_safe_formatter(formats.money, lambda amount: formatting.money(amount, "en", whole=True),
                                            fonts))
    sources = _source_entries(review, labels, formats, fonts)
    ratios = [max(len(review.kpis), 1) * 0.8 + 1.5, 6.5, _source_height(sources)]
    grid = figure.add_gridspec(3, 1, height_ratios=ratios, **(area or {}))
    axes = [figure.add_subplot(grid[index, 0]) for index in range(3)]
    family = list(fonts.families)
    _kpi_panel(axes[0], review, labels, formats, fonts, family)
    _budget_panel(axes[1], review, labels, formats, fonts, family)
    _source_panel(axes[2], review, labels, sources, fonts, family, ratios[2])


def _style(axes: Axes, title: str, family: list[str]) -> None:
    axes.set_title(title, fontfamily=family, fontsize=10, loc="left", parse_math=False)
    axes.tick_params(labelsize=8, labelfontfamily=family)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(True, axis="x", linewidth=0.3, alpha=0.5)
    axes.set_axisbelow(True)


def _empty(axes: Axes, text: str, family: list[str]) -> None:
    axes.text(0.5, 0.5, text, ha="center", va="center", fontfamily=family, fontsize=9, color="#555555",
              transform=axes.transAxes)
    axes.set_xticks([])
    axes.set_yticks([])


def _kpi_panel(axes: Axes, review: Review, labels: ReviewChartLabels, formats: Formats, fonts: ChartFonts,
               family: list[str]) -> None:
    _style(axes, fonts.text(labels.kpis_title), family)
    if not review.kpis:
        _empty(axes, fonts.text(labels.no_kpis), family)
        return
    kpis = list(reversed(review.kpis))  # first KPI on top
    values = [float(kpi.attained or 0) for kpi in kpis]
    # Coloured by the one pace judgement, like every mark the bot shows; grey when it cannot be judged.
    colors = [STATUS_COLORS[kpi.standing.status] for kpi in kpis]
    positions = range(len(kpis))
    axes.barh(positions, values, color=colors, height=0.6)
    axes.set_yticks(list(positions), [fonts.text(labels.kpi_names.get(kpi.metric, Label(kpi.metric, kpi.metric)))
                                      for kpi in kpis])
    top = max([*values, 1.0]) * 1.18
    axes.set_xlim(0, top)
    axes.axvline(1.0, color="#333333", linewidth=1, linestyle="--")
    axes.text(1.0, len(kpis) - 0.45, fonts.text(labels.target), fontfamily=family, fontsize=7, ha="center",
              va="bottom", color="#333333")
    for position, kpi, width in zip(positions, kpis, values, strict=True):
        text = formats.percent(kpi.attained) if kpi.attained is not None else "—"
        axes.text(width + top * 0.01, position, text, va="center", fontsize=8, fontfamily=family)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: formats.percent(Decimal(str(round(x, 4))))))


def _budget_panel(axes: Axes, review: Review, labels: ReviewChartLabels, formats: Formats, fonts: ChartFonts,
                  family: list[str]) -> None:
    _style(axes, fonts.text(labels.budget_title), family)
    lines = list(reversed(review.budget.lines))
    if review.budget.spent is None and review.budget.planned_total is None:
        _empty(axes, fonts.text(labels.no_spend), family)
        return
    positions = [float(index) for index in range(len(lines))]
    planned = [float(line.planned or 0) for line in lines]
    actual = [float(line.actual) for line in lines]
    over = [line.planned is not None and line.actual > line.planned for line in lines]
    axes.barh([p + 0.2 for p in positions], planned, height=0.38, color=PLANNED_COLOR,
              label=fonts.text(labels.planned))
    axes.barh([p - 0.2 for p in positions], actual, height=0.38,
              color=[OVER_COLOR if flag else ACTUAL_COLOR for flag in over], label=fonts.text(labels.actual))
    axes.set_yticks(positions, [fonts.text(labels.line_names.get(line.line, Label(line.line, line.line)))
                                for line in lines])
    top = max([*planned, *actual, 1.0]) * 1.3
    axes.set_xlim(0, top)
    for position, line in zip(positions, lines, strict=True):
        axes.text(float(line.actual) + top * 0.01, position - 0.2, formats.money(line.actual), va="center",
                  fontsize=7, fontfamily=family)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=4))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: formats.money(Decimal(str(round(x, 2))))))
    handles = [Patch(color=PLANNED_COLOR, label=fonts.text(labels.planned)),
               Patch(color=ACTUAL_COLOR, label=fonts.text(labels.actual))]
    if any(over):
        handles.append(Patch(color=OVER_COLOR, label=fonts.text(labels.over_plan)))
    axes.legend(handles=handles, prop=FontProperties(family=family, size=8), frameon=False, loc="lower right")


@dataclass(frozen=True)
class _SourceEntry:
    share: Decimal
    percent: str
    legend: str  # "name · 12.3%", wrapped


def _source_entries(review: Review, labels: ReviewChartLabels, formats: Formats,
                    fonts: ChartFonts) -> tuple[str | None, list[_SourceEntry]]:
    """The figure the sources share out (sales, else conversions) and the sources to show, largest first."""
    metric = "sales" if review.totals.sales else "conversions" if review.totals.conversions else None
    if metric is None or not review.sources:
        return metric, []
    shares = [(source.source, source.shares.get(metric) or Decimal(0)) for source in review.sources]
    shares.sort(key=lambda pair: pair[1], reverse=True)
    shown = [(fonts.text(Label(name, name)), share) for name, share in shares[:SOURCES_SHOWN]]
    rest = sum((share for _, share in shares[SOURCES_SHOWN:]), Decimal(0))
    if rest:
        shown.append((fonts.text(labels.other), rest))
    return metric, [_SourceEntry(share, formats.percent(share),
                                 _wrapped(f"{name} · {formats.percent(share)}", LEGEND_COLUMNS))
                    for name, share in shown]


def _legend_lines(entries: list[_SourceEntry]) -> int:
    """Lines in the legend's taller column (matplotlib fills the first column first)."""
    lines = [entry.legend.count("\n") + 1 for entry in entries]
    half = (len(lines) + 1) // 2
    return max(sum(lines[:half]), sum(lines[half:]), 1)


def _source_height(sources: tuple[str | None, list[_SourceEntry]]) -> float:
    """The panel's height (in the grid's ratio units): the title and bar, then room for every legend line."""
    return BAR_ROOM + LEGEND_LINE * _legend_lines(sources[1]) if sources[1] else 3.0


def _source_panel(axes: Axes, review: Review, labels: ReviewChartLabels,
                  sources: tuple[str | None, list[_SourceEntry]], fonts: ChartFonts, family: list[str],
                  height: float) -> None:
    metric, entries = sources
    _style(axes, fonts.text(labels.sources_title[metric or "sales"]), family)
    axes.grid(False)
    if not entries:
        _empty(axes, fonts.text(labels.no_sources), family)
        return
    # The bar across the top carries only the percentages; the names, however long, go in a legend below it,
    # wrapped, in two columns inside the panel (made tall enough for them), so none is cut at any edge.
    bar_y = height - BAR_ROOM / 2
    left = 0.0
    handles = []
    for index, entry in enumerate(entries):
        width = float(entry.share)
        color = SOURCE_COLORS[index % len(SOURCE_COLORS)]
        axes.barh([bar_y], [width], left=left, color=color, height=BAR_HEIGHT, edgecolor="white")
        if width >= 0.07:
            axes.text(left + width / 2, bar_y, entry.percent, ha="center", va="center", fontsize=7,
                      fontfamily=family, color="white")
        handles.append(Patch(color=color, label=entry.legend))
        left += width
    axes.set_xlim(0, max(left, 1.0))
    axes.set_ylim(0, height)
    axes.set_xticks([])
    axes.set_yticks([])
    for side in ("left", "bottom"):
        axes.spines[side].set_visible(False)
    axes.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, (height - BAR_ROOM) / height),
                ncols=2, prop=FontProperties(family=family, size=7), frameon=False, handlelength=1.2,
                columnspacing=1.5, borderaxespad=0)


def _wrapped(text: str, width: int) -> str:
    """`text` in lines of at most `width` columns (a CJK character takes two), broken at a space when one is in
    reach, else anywhere."""
    lines: list[str] = []
    current, used = "", 0
    for char in text:
        wide = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
        if used + wide > width and current:
            space = current.rfind(" ")
            if char != " " and space > width // 2:
                lines.append(current[:space])
                current = current[space + 1:]
            else:
                lines.append(current.rstrip())
                current = ""
            used = sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in current)
            if char == " " and not current:
                continue
        current += char
        used += wide
    lines.append(current)
    return "\n".join(line for line in lines if line.strip())
