"""The pace chart: a PNG, drawn headless; CJK labels drawn when a CJK font exists, else the ASCII fallback.

No pixel comparisons: what is checked is the PNG itself, the text chosen for each label, and that matplotlib
never had to draw a "missing glyph" box (it warns when it does; warnings are errors here).
"""

from __future__ import annotations

import io
import logging
import threading
import warnings
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.pace.rules.pace import CampaignPlan, PaceStanding, PaceStatus
from bot.reports.rules.figures import DailyRow, Figures
from bot.summary.render import pace as charts
from bot.summary.render.labels import ChartLabels, Label
from bot.summary.render.pace import ChartFonts, render_pace_chart
from bot.summary.rules import KpiSeries, kpi_series

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
START = date(2026, 5, 1)
PLAN = CampaignPlan(
    CampaignDates(START, START + timedelta(days=29), None, None, None),
    targets={Metric.CLICKS: Decimal(30_000), Metric.SALES: Decimal("200000.00"), Metric.EXPOSURE: Decimal(10**6)},
)
ROWS = [DailyRow(START + timedelta(days=n), "WeChat", Figures(clicks=900 + n, sales=Decimal(5000), exposure=30_000))
        for n in range(12)]
CHINESE = ChartLabels(
    actual=Label("累计实际", "Actual (cumulative)"),
    pace=Label("预期进度", "Expected pace"),
    kpis={
        "clicks": Label("点击量", "Clicks"), "sales": Label("销售额", "Sales"), "exposure": Label("曝光量", "Exposure"),
    },
    title=Label("活动日报 · 第12天", "Daily report · day 12"),
)
CJK_AVAILABLE = ChartFonts.detect("zh-CN").has_cjk


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test sees the log-once messages as if first; a glyph matplotlib cannot draw fails the test."""
    monkeypatch.setattr(charts, "_warned", set())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def series() -> list[KpiSeries]:
    return kpi_series(PLAN, ROWS, START + timedelta(days=11))


def test_renders_a_png_with_one_subplot_per_kpi() -> None:
    png = render_pace_chart(series(), CHINESE, locale="en")
    assert png.startswith(PNG_MAGIC)
    assert len(png) > 1000
    one = render_pace_chart(series()[:1], CHINESE, fonts=ChartFonts.latin_only())
    assert one.startswith(PNG_MAGIC)


def test_nothing_to_chart_is_an_error() -> None:
    with pytest.raises(ValueError):
        render_pace_chart([], CHINESE)


@pytest.mark.skipif(not CJK_AVAILABLE, reason="no CJK font installed (pip install noto-cjk-sans-otc)")
def test_chinese_labels_are_drawn_when_a_cjk_font_is_present(caplog: pytest.LogCaptureFixture) -> None:
    fonts = ChartFonts.detect("zh-CN")
    assert fonts.families[-1] == "Noto Sans CJK SC" or fonts.families[-1] in charts.SYSTEM_CJK_FAMILIES
    assert fonts.text(CHINESE.title) == "活动日报 · 第12天"  # type: ignore[arg-type]
    assert fonts.text(CHINESE.actual) == "累计实际"
    with caplog.at_level(logging.WARNING, logger="bot.summary.render.pace"):
        png = render_pace_chart(series(), CHINESE, locale="zh-CN",
                                format_day=lambda d: f"{d.month}月{d.day}日")
    assert png.startswith(PNG_MAGIC)
    assert caplog.records == []  # nothing fell back


@pytest.mark.skipif(not CJK_AVAILABLE, reason="no CJK font installed (pip install noto-cjk-sans-otc)")
def test_the_noto_face_follows_the_locale() -> None:
    if not ChartFonts.detect("zh-CN").families[-1].startswith("Noto Sans CJK"):
        pytest.skip("a system CJK font, not Noto Sans CJK")
    assert ChartFonts.detect("ja").families[-1] == "Noto Sans CJK JP"
    assert ChartFonts.detect("zh-TW").families[-1] == "Noto Sans CJK TC"
    assert ChartFonts.detect("zh_HK").families[-1] == "Noto Sans CJK HK"
    assert ChartFonts.detect("ko-KR").families[-1] == "Noto Sans CJK KR"
    assert ChartFonts.detect(None).families[-1] == "Noto Sans CJK SC"


def test_without_a_cjk_font_labels_fall_back_and_it_is_logged_once(caplog: pytest.LogCaptureFixture) -> None:
    fonts = ChartFonts.latin_only()
    assert not fonts.has_cjk
    assert fonts.text(CHINESE.actual) == "Actual (cumulative)"
    assert fonts.text(Label("Clicks", "unused")) == "Clicks"
    assert fonts.text(Label("Ünïcode — ok", "x")) == "Ünïcode — ok"  # the base font covers more than ASCII
    with caplog.at_level(logging.WARNING, logger="bot.summary.render.pace"):
        for _ in range(2):  # matplotlib would warn about missing glyphs here if a CJK label got through
            png = render_pace_chart(series(), CHINESE, fonts=fonts, format_day=lambda d: f"{d.month}月{d.day}日")
            assert png.startswith(PNG_MAGIC)
    messages = [record.getMessage() for record in caplog.records]
    assert len([m for m in messages if "fallback" in m]) == 1
    assert len([m for m in messages if "tick label" in m]) == 1
    assert any("noto-cjk-sans-otc" in m for m in messages)


def test_a_fallback_the_font_cannot_draw_either_is_never_drawn_as_boxes() -> None:
    fonts = ChartFonts.latin_only()
    assert fonts.text(Label("点击", "点击 clicks")) == "?? clicks"


def test_detection_degrades_when_no_cjk_font_exists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "_register_packaged_font", lambda: False)
    monkeypatch.setattr(charts, "_font_entries",
                        lambda: [e for e in charts.font_manager.fontManager.ttflist if "CJK" not in e.name
                                 and e.name not in charts.SYSTEM_CJK_FAMILIES])
    fonts = charts._detect.__wrapped__("SC")
    assert fonts.families == (charts.BASE_FAMILY,) and not fonts.has_cjk
    assert fonts.text(CHINESE.pace) == "Expected pace"


def test_a_missing_font_package_is_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "FONT_PACKAGE", "no_such_font_package_here")
    assert charts._add_packaged_font() is False


def test_charts_render_concurrently() -> None:
    results: list[bytes] = []
    errors: list[BaseException] = []

    def draw() -> None:
        try:
            results.append(render_pace_chart(series(), CHINESE, fonts=ChartFonts.latin_only()))
        except BaseException as error:  # collected: a thread's exception would otherwise be lost
            errors.append(error)

    threads = [threading.Thread(target=draw) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(results) == 3 and all(png.startswith(PNG_MAGIC) for png in results)


LABELLED = ChartLabels(actual=CHINESE.actual, pace=CHINESE.pace, kpis=CHINESE.kpis, title=CHINESE.title,
                       today=Label("Today", "Today"), behind=Label("behind pace", "behind pace"))


def test_panels_behind_pace_are_highlighted_and_today_is_labelled() -> None:
    # Day 12 of 30: sales (60k of 80k, 75% of pace) is behind by more than the 20% band; clicks (~11k of 12k) and
    # exposure (360k of 400k, 90%) are within it, so on pace: no tint, as no other surface would call them behind.
    kpis = series()
    ahead = KpiSeries(metric="participants", start=START, target=Decimal(100),
                      actual=(50,) * 12, pace=tuple(Decimal(n * 100) / 30 for n in range(1, 31)))
    figure = charts.pace_figure([*kpis, ahead], LABELLED, fonts=ChartFonts.latin_only())
    panels = [axes for axes in figure.axes if axes.get_visible()]
    assert len(panels) == 4
    for axes, kpi in zip(panels, [*kpis, ahead], strict=True):
        behind = charts.is_behind(kpi)
        assert axes.get_title().endswith("· behind pace") is behind
        assert (axes.get_facecolor()[:3] != (1.0, 1.0, 1.0)) is behind
        assert [text.get_text() for text in axes.texts] == ["Today"]
        assert any(line.get_xdata()[0] == 11 for line in axes.lines if len(line.get_xdata()) <= 2)  # at day 12
    assert [charts.is_behind(kpi) for kpi in kpis] == [False, False, True] and not charts.is_behind(ahead)
    assert [kpi.standing.status for kpi in kpis] == [PaceStatus.ON_PACE, PaceStatus.ON_PACE, PaceStatus.BEHIND]


def test_is_behind_reads_the_one_pace_judgement() -> None:
    pace = (Decimal(10), Decimal(20))
    behind = PaceStanding(PaceStatus.BEHIND, Decimal("0.5"), Decimal("0.25"))
    on_pace = PaceStanding(PaceStatus.ON_PACE, Decimal("0.982"), Decimal("0.49"))
    assert charts.is_behind(KpiSeries("clicks", START, Decimal(20), actual=(5,), pace=pace, standing=behind))
    # 98.2% of pace is within the band: the panel is not tinted "behind pace".
    assert not charts.is_behind(KpiSeries("clicks", START, Decimal(20), actual=(9, 19), pace=pace, standing=on_pace))
    assert not charts.is_behind(KpiSeries("clicks", START, Decimal(20), actual=(None,), pace=pace))  # not judged


def _new_figure_png(kpis: list[KpiSeries], labels: ChartLabels) -> bytes:
    figure = charts.pace_figure(kpis, labels, fonts=ChartFonts.latin_only())
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=100, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def test_a_kept_figure_draws_each_chart_as_a_new_one_would() -> None:
    # The storm draws a thousand charts on a few kept figures: nothing one chart sets may show on the next.
    behind = series()
    ahead = [replace(kpi, actual=(None, *(float(kpi.pace[n]) * 1.5 for n in range(1, 8)))) for kpi in behind]
    unreported = [replace(kpi, actual=()) for kpi in behind]
    plain = ChartLabels(actual=CHINESE.actual, pace=CHINESE.pace)
    for kpis, labels in [(behind, LABELLED), (ahead, plain), (unreported, LABELLED), (ahead, LABELLED),
                         (behind, plain)]:
        kept = render_pace_chart(kpis, labels, fonts=ChartFonts.latin_only())
        assert kept == _new_figure_png(kpis, labels)
