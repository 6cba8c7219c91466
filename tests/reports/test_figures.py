"""Report figures: None means "not reported" through every sum; conversion rate is derived; the book's sums."""

from __future__ import annotations

from dataclasses import fields
from datetime import date
from decimal import Decimal

import pytest

from bot.campaigns.rules.campaign import Metric
from bot.reports.rules.figures import (
    ALL_FIGURES,
    EMPTY,
    EXTRA_FIGURES,
    SUMMED_FIGURES,
    DailyRow,
    Figures,
    ReportBook,
    by_day,
    by_source,
    change,
    conversion_rate,
    cumulative,
    ratio,
    total,
)

D1, D2, D3, D4 = date(2026, 5, 1), date(2026, 5, 2), date(2026, 5, 3), date(2026, 5, 4)


def test_figure_names_are_the_dataclass_fields_and_cover_every_metric() -> None:
    # The standard figures first; then those only rate and lift targets ask for, summed the same way.
    assert tuple(f.name for f in fields(Figures)) == SUMMED_FIGURES == ALL_FIGURES + EXTRA_FIGURES
    assert {metric.value for metric in Metric} <= set(ALL_FIGURES)


def test_sums_keep_not_reported_apart_from_zero() -> None:
    first = Figures(clicks=10, sales=Decimal("1.10"))
    second = Figures(clicks=5, exposure=0)
    combined = first + second
    assert combined == Figures(clicks=15, exposure=0, sales=Decimal("1.10"))
    assert combined.participants is None
    assert (EMPTY + EMPTY).is_empty
    assert total([]) == EMPTY
    assert total([first, second, first]).clicks == 25


def test_value_reads_by_metric_or_figure_name() -> None:
    figures = Figures(clicks=3, spend=Decimal("9.99"))
    assert figures.value(Metric.CLICKS) == 3
    assert figures.value("spend") == Decimal("9.99")
    assert figures.value("new_members") is None
    with pytest.raises(KeyError):
        figures.value("likes")


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"clicks": -1}, ValueError),
        ({"spend": Decimal("-0.01")}, ValueError),
        ({"clicks": 1.5}, TypeError),
        ({"clicks": True}, TypeError),
        ({"sales": 100}, TypeError),  # money is exact: a float or int slipping in is a bug
        ({"sales": 1.1}, TypeError),
    ],
)
def test_bad_figures_are_refused(kwargs: dict[str, object], error: type[Exception]) -> None:
    with pytest.raises(error):
        Figures(**kwargs)  # type: ignore[arg-type]


def test_conversion_rate_is_computed_from_participants_then_clicks() -> None:
    assert conversion_rate(Figures(conversions=5, participants=50, clicks=500)) == Decimal("0.1")
    assert conversion_rate(Figures(conversions=5, clicks=500)) == Decimal("0.01")
    assert conversion_rate(Figures(conversions=5, participants=0, clicks=500)) == Decimal("0.01")
    assert Figures(conversions=1, participants=3).conversion_rate == Decimal(1) / Decimal(3)
    assert conversion_rate(Figures(participants=50)) is None  # no conversions reported
    assert conversion_rate(Figures(conversions=5)) is None  # nothing to divide by
    assert conversion_rate(Figures(conversions=0, clicks=0)) is None


def test_ratio_and_change() -> None:
    assert ratio(1, 4) == Decimal("0.25")
    assert ratio(None, 4) is None
    assert ratio(1, 0) is None
    assert change(120, 100) == (20, Decimal("0.2"))
    assert change(Decimal("50.00"), Decimal("100.00")) == (Decimal("-50.00"), Decimal("-0.5"))
    assert change(5, 0) == (5, None)
    assert change(None, 100) == (None, None)
    assert change(100, None) == (None, None)


ROWS = [
    DailyRow(D1, "WeChat", Figures(clicks=100, spend=Decimal("10.00"))),
    DailyRow(D1, "Douyin", Figures(clicks=50)),
    DailyRow(D3, "WeChat", Figures(clicks=70, exposure=1000)),
    DailyRow(D3, "WeChat", Figures(clicks=1)),  # a second row for the same day and source is counted too
    DailyRow(D4, "Stores", Figures(sales=Decimal("99.50"))),
]


def test_book_sums_by_day_and_source() -> None:
    book = ReportBook(reversed(ROWS))
    assert book.days == (D1, D3, D4)
    assert book.sources == ("Douyin", "Stores", "WeChat")
    assert book.on(D1) == Figures(clicks=150, spend=Decimal("10.00"))
    assert book.on(D2) == EMPTY
    assert book.source_on(D3, "WeChat") == Figures(clicks=71, exposure=1000)
    assert book.source_on(D3, "Douyin") == EMPTY
    assert set(book.sources_on(D1)) == {"WeChat", "Douyin"}
    assert ReportBook.of(book) is book


def test_book_cumulative_ignores_days_after_through() -> None:
    book = ReportBook(ROWS)
    assert book.cumulative(D3) == Figures(clicks=221, exposure=1000, spend=Decimal("10.00"))
    assert book.cumulative(D3, since=D2) == Figures(clicks=71, exposure=1000)
    assert book.cumulative(date(2026, 4, 30)) == EMPTY
    assert book.cumulative_by_source(D3) == {
        "Douyin": Figures(clicks=50),
        "WeChat": Figures(clicks=171, exposure=1000, spend=Decimal("10.00")),
    }
    assert book.cumulative_by_source(D4, since=D4) == {"Stores": Figures(sales=Decimal("99.50"))}


def test_running_totals_carry_forward_and_start_where_the_data_starts() -> None:
    book = ReportBook(ROWS)
    assert book.running_totals("clicks", D1, D4) == [150, 150, 221, 221]
    assert book.running_totals("exposure", D1, D4) == [None, None, 1000, 1000]
    assert book.running_totals("sales", D1, D3) == [None, None, None]


def test_module_helpers() -> None:
    assert by_day(ROWS)[D3] == Figures(clicks=71, exposure=1000)
    assert list(by_source(ROWS)) == ["Douyin", "Stores", "WeChat"]
    assert by_source(ROWS)["WeChat"].clicks == 171
    assert cumulative(ROWS, D1) == Figures(clicks=150, spend=Decimal("10.00"))


def test_the_extra_figures_add_up_like_the_rest() -> None:
    first = Figures(conversions=10, new_customers=4, brand_searches=1000)
    second = Figures(conversions=10, new_customers=5, repeat_buyers=2)
    assert first + second == Figures(conversions=20, new_customers=9, brand_searches=1000, repeat_buyers=2)
    assert not Figures(brand_searches=0).is_empty
    with pytest.raises(ValueError):
        Figures(new_customers=-1)
