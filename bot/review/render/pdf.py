"""The review (复盘) as a PDF document: A4 pages, the chart on the first, every section in full after it.

Text is laid out here rather than by matplotlib: lines are wrapped by display width (a CJK character takes
two columns: `bot.review.render.content.wrap`), paginated, and each run of lines is drawn as one text object (much
cheaper than one per line). Emoji that no bundled font can draw become plain marks; any other character the fonts
lack falls back like the chart's labels do. The CJK font is embedded as a subset, so the file opens the same
everywhere.
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass

from matplotlib.backends.backend_pdf import PdfPages
from matplotlib.figure import Figure

from bot.review.render.chart import draw_review_panels
from bot.review.render.content import WRAP_COLUMNS, Formats, ReviewChartLabels, ReviewDocument, wrap
from bot.review.rules import Review
from bot.summary.render.labels import Label
from bot.summary.render.pace import ChartFonts, literal_text

PAGE_WIDTH, PAGE_HEIGHT = 8.27, 11.69  # A4, inches
POINTS = 72.0
MARGIN = 50.0  # points
BODY_SIZE, HEADING_SIZE, TITLE_SIZE, FOOTER_SIZE = 9.0, 11.0, 16.0, 7.0
LINE_SPACING = 1.45
HEADING_COLOR, BODY_COLOR, FOOTER_COLOR = "#1d4e89", "#222222", "#777777"
# The status marks of the Slack message, as glyphs DejaVu Sans draws.
# Unicode categories of emoji and their modifiers: other symbols, modifier symbols, format and combining marks.
_SYMBOLS = frozenset({"So", "Sk", "Cf", "Mn", "Cs"})
_BLANKS = re.compile(r"(?<=\S) {2,}")
PLAIN_MARKS = {"🟢": "●", "🟡": "◐", "🔴": "○", "⚪": "–", "⚠️": "!", "⚠": "!", "🏆": "★", "\ufe0f": ""}


@dataclass
class _Run:
    """Consecutive lines of one style, drawn as one text object."""

    top: float  # points from the page top
    size: float
    color: str
    lines: list[str]


def render_review_pdf(document: ReviewDocument, review: Review, chart_labels: ReviewChartLabels, formats: Formats,
                      *, locale: str | None = None, fonts: ChartFonts | None = None) -> bytes:
    literal_text()
    fonts = fonts or ChartFonts.detect(locale)
    family = list(fonts.families)
    pages = paginate(document, fonts)
    buffer = io.BytesIO()
    metadata = {"Title": document.title, "Author": document.author, "Creator": document.author,
                "Keywords": ", ".join(document.keywords)}
    if document.created is not None:
        metadata["CreationDate"] = document.created  # type: ignore[assignment]
    total = len(pages) + 1
    with PdfPages(buffer, metadata=metadata) as pdf:  # type: ignore[arg-type]
        pdf.savefig(_chart_page(document, review, chart_labels, formats, fonts, family, total))
        for number, runs in enumerate(pages, start=2):
            pdf.savefig(_text_page(runs, document, family, number, total))
    return buffer.getvalue()


def _page() -> Figure:
    return Figure(figsize=(PAGE_WIDTH, PAGE_HEIGHT))


def _footer(figure: Figure, document: ReviewDocument, family: list[str], number: int, total: int) -> None:
    figure.text(MARGIN / (PAGE_WIDTH * POINTS), (MARGIN / 2) / (PAGE_HEIGHT * POINTS),
                f"{drawable(document.footer)} · {number} / {total}", fontsize=FOOTER_SIZE, color=FOOTER_COLOR,
                fontfamily=family)


def _chart_page(document: ReviewDocument, review: Review, labels: ReviewChartLabels, formats: Formats,
                fonts: ChartFonts, family: list[str], total: int) -> Figure:
    figure = _page()
    left = MARGIN / (PAGE_WIDTH * POINTS)
    figure.text(left, 1 - MARGIN / (PAGE_HEIGHT * POINTS), drawable(document.title), fontsize=TITLE_SIZE,
                color=HEADING_COLOR, fontfamily=family, va="top")
    figure.text(left, 1 - (MARGIN + TITLE_SIZE * 1.8) / (PAGE_HEIGHT * POINTS), drawable(document.subtitle),
                fontsize=BODY_SIZE, color=BODY_COLOR, fontfamily=family, va="top")
    top = 1 - (MARGIN + TITLE_SIZE * 1.8 + BODY_SIZE * 5) / (PAGE_HEIGHT * POINTS)
    bottom = MARGIN * 1.2 / (PAGE_HEIGHT * POINTS)
    # Room on the left for the budget lines' names, which are the longest tick labels.
    draw_review_panels(figure, review, labels, formats, fonts,
                       area={"left": 0.27, "right": 1 - left, "top": top, "bottom": bottom, "hspace": 0.45})
    _footer(figure, document, family, 1, total)
    return figure


def _text_page(runs: list[_Run], document: ReviewDocument, family: list[str], number: int, total: int) -> Figure:
    figure = _page()
    left = MARGIN / (PAGE_WIDTH * POINTS)
    for run in runs:
        figure.text(left, 1 - run.top / (PAGE_HEIGHT * POINTS), "\n".join(run.lines), fontsize=run.size,
                    color=run.color, fontfamily=family, va="top", linespacing=LINE_SPACING)
    _footer(figure, document, family, number, total)
    return figure


def paginate(document: ReviewDocument, fonts: ChartFonts) -> list[list[_Run]]:
    """The sections as pages of runs; a heading never ends a page alone."""
    pages: list[list[_Run]] = [[]]
    bottom = PAGE_HEIGHT * POINTS - MARGIN * 1.3
    cursor = MARGIN

    def line_height(size: float) -> float:
        return size * LINE_SPACING

    def add(text: str, size: float, color: str) -> None:
        nonlocal cursor
        if cursor + line_height(size) > bottom:
            pages.append([])
            cursor = MARGIN
        runs = pages[-1]
        if runs and runs[-1].size == size and runs[-1].color == color:
            runs[-1].lines.append(text)
        else:
            runs.append(_Run(cursor, size, color, [text]))
        cursor += line_height(size)

    for section in document.sections:
        if cursor + line_height(HEADING_SIZE) + 2 * line_height(BODY_SIZE) > bottom:
            pages.append([])
            cursor = MARGIN
        elif pages[-1]:
            cursor += BODY_SIZE * 0.8  # space between sections
        add(fonts.text(_label(section.title)), HEADING_SIZE, HEADING_COLOR)
        for line in section.lines:
            for piece in wrap(fonts.text(_label(without_undrawable_symbols(drawable(line), fonts))), WRAP_COLUMNS):
                add(piece, BODY_SIZE, BODY_COLOR)
    return [page for page in pages if page]


def _label(text: str) -> Label:
    # User text has no English version to fall back to: characters no font covers become "?" (ChartFonts.text).
    return Label(text, text)


def drawable(text: str) -> str:
    for mark, plain in PLAIN_MARKS.items():
        text = text.replace(mark, plain)
    return text


def without_undrawable_symbols(text: str, fonts: ChartFonts) -> str:
    """Drop the emoji and pictographs (with their joiners, variation selectors and skin tones) the fonts cannot
    draw: a quote like "太慢了😡" reads "太慢了", not "太慢了?". Letters the fonts lack still fall back to "?"."""
    kept = "".join(char for char in text if fonts.covers(char) or unicodedata.category(char) not in _SYMBOLS)
    return text if kept == text else _BLANKS.sub(" ", kept).rstrip()
