"""Hostile round 3, the high finding: user text is drawn as typed, never read as matplotlib's mathtext. A campaign
called `Promo $\\foo$` used to make `savefig` raise (an unknown TeX command) inside the scheduler's batch, and
`Promo $5 and $6` was drawn as italic maths."""

from __future__ import annotations

from datetime import date

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.reports.rules.figures import DailyRow, Figures
from bot.review.render.chart import render_review_chart, review_figure
from bot.review.rules import LessonFact, ReviewInput, ReviewPackage, build_review
from bot.review.service.posting import chart_labels, number_formats, render_files
from bot.summary.render.labels import ChartLabels, Label
from bot.summary.render.pace import ChartFonts, pace_figure, render_pace_chart
from tests.review.test_review_rendering import subject
from tests.review.test_review_rules import AS_OF, BUDGET_PLAN, FEEDBACK, INCIDENTS, PLAN, TASKS
from tests.summary.test_chart import fresh_warnings, series  # noqa: F401 (autouse: no missing glyphs)

PNG, PDF = b"\x89PNG\r\n\x1a\n", b"%PDF-"
BROKEN_MATH = "Promo $\\foo$"  # not valid mathtext: savefig raised
DOLLARS = "Promo $5 and $6"  # valid mathtext: drawn as italic maths
D = __import__("decimal").Decimal


def labels(name: str) -> ChartLabels:
    return ChartLabels(actual=Label(f"{name} actual", "Actual"), pace=Label(DOLLARS, "Pace"),
                       kpis={"clicks": Label(BROKEN_MATH, "Clicks"), "sales": Label(DOLLARS, "Sales"),
                             "exposure": Label("$x^2$", "Exposure")},
                       title=Label(f"Daily report · {name}", "Daily report"), today=Label(DOLLARS, "Today"),
                       behind=Label(BROKEN_MATH, "behind"))


def hostile_package(name: str) -> ReviewPackage:
    """A review whose campaign name, source names and lessons are all dollar-laden."""
    rows = [DailyRow(date(2026, 5, 1), source, Figures(sales=D(100 + n), spend=D(10)))
            for n, source in enumerate((BROKEN_MATH, DOLLARS, "$\\alpha$ posters"))]
    lessons = [LessonFact("U_A", worked=BROKEN_MATH, fell_short=DOLLARS, next_time="$\\frac{1}{0}$")]
    data = ReviewInput(plan=PLAN, rows=rows, through=date(2026, 5, 10), as_of=AS_OF, feedback=FEEDBACK,
                       budget_plan=BUDGET_PLAN, tasks=TASKS, incidents=INCIDENTS, lessons=lessons, final=True)
    return ReviewPackage(subject(name), build_review(data))


def drawn_texts(figure: Figure) -> list[Text]:
    figure.canvas.draw()  # tick labels exist only once the figure is laid out
    return [artist for artist in figure.findobj(Text) if artist.get_text()]


@pytest.mark.parametrize("name", [BROKEN_MATH, DOLLARS])
def test_the_pace_chart_draws_dollar_text_as_typed(name: str) -> None:
    assert render_pace_chart(series(), labels(name), locale="en").startswith(PNG)
    texts = drawn_texts(pace_figure(series(), labels(name), locale="en"))
    shown = [text.get_text() for text in texts]
    assert f"Daily report · {name}" in shown and DOLLARS in shown and BROKEN_MATH in shown
    assert [text.get_text() for text in texts if text.get_parse_math()] == []


@pytest.mark.parametrize("name", [BROKEN_MATH, DOLLARS])
def test_the_review_chart_and_pdf_draw_dollar_text_as_typed(name: str) -> None:
    item = hostile_package(name)
    words, formats = chart_labels(item, "en"), number_formats("en")
    assert render_review_chart(item.review, words, formats, locale="en").startswith(PNG)
    texts = drawn_texts(review_figure(item.review, words, formats, fonts=ChartFonts.detect("en")))
    shown = [text.get_text() for text in texts]
    assert any(name in text for text in shown)  # the title
    assert any(text.startswith(BROKEN_MATH) for text in shown)  # a source's name, in the legend
    assert [text.get_text() for text in texts if text.get_parse_math()] == []
    chart, document = render_files(item, locale="en", now=AS_OF, name_of=lambda user: user)  # lessons in the PDF
    assert chart.startswith(PNG) and document.startswith(PDF)
