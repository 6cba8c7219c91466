"""Every label of the review chart lies inside the picture: long source (渠道) names, Chinese and English, are
drawn whole, never cut at the figure's edge."""

from __future__ import annotations

from datetime import date

import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from bot.reports.rules.figures import DailyRow, Figures
from bot.review.render.chart import review_figure
from bot.review.service.posting import chart_labels, number_formats
from bot.summary.render.pace import ChartFonts
from tests.review.test_review_rendering import huge, package
from tests.summary.test_chart import fresh_warnings  # noqa: F401 (autouse: no missing glyphs, fresh log-once)

D = __import__("decimal").Decimal
CJK_AVAILABLE = ChartFonts.detect("zh-CN").has_cjk

LONG_SOURCES = {
    "小红书 Xiaohongshu 达人种草笔记与品牌号联合投放": 38,
    "Tmall flagship store — spring launch livestream and member-day promotions": 27,
    "抖音 Douyin 信息流广告": 20,
    "微信公众号与视频号私域社群裂变活动（华东区域）": 4,
    "Offline pop-up stores in Shanghai, Hangzhou and Suzhou shopping malls": 3,
    "京东 JD.com 超级品牌日": 3,
    "Bilibili creators' unboxing videos and live-stream giveaways": 3,
    "Weibo": 2,
}


def _rows() -> list[DailyRow]:
    return [DailyRow(date(2026, 5, 1), name, Figures(sales=D(share * 1000), spend=D(share * 10)))
            for name, share in LONG_SOURCES.items()]


def _outside(figure: Figure) -> list[tuple[str, tuple[float, ...]]]:
    """Each text drawn (titles, bar labels, legend entries) and each axis's tick labels that reach past the
    figure's edge, with their extents in pixels."""
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    tick_labels = {id(label) for axes in figure.axes for axis in (axes.xaxis, axes.yaxis)
                   for label in axis.get_ticklabels(which="both")}
    # Tick labels are checked through their axis: matplotlib keeps label artists for ticks it does not draw.
    extents = [(text.get_text(), text.get_window_extent(renderer)) for text in figure.findobj(Text)
               if text.get_visible() and text.get_text().strip() and id(text) not in tick_labels]
    extents += [(f"{axis.axis_name} ticks of {axes.get_title(loc='left')!r}", axis.get_tightbbox(renderer))
                for axes in figure.axes for axis in (axes.xaxis, axes.yaxis) if axis.get_tightbbox(renderer)]
    box = figure.bbox
    return [(name, tuple(round(v) for v in extent.extents)) for name, extent in extents
            if extent.x0 < box.x0 - 1 or extent.y0 < box.y0 - 1 or extent.x1 > box.x1 + 1 or extent.y1 > box.y1 + 1]


@pytest.mark.parametrize("locale", ["en", pytest.param("zh-CN", marks=pytest.mark.skipif(
    not CJK_AVAILABLE, reason="no CJK font installed (pip install noto-cjk-sans-otc)"))])
def test_long_source_names_are_drawn_whole(locale: str) -> None:
    item = package(rows=_rows())
    figure = review_figure(item.review, chart_labels(item, locale), number_formats(locale),
                           fonts=ChartFonts.detect(locale))
    names = [text.get_text() for text in figure.findobj(Text)]
    for name in LONG_SOURCES:  # each source is named on the chart, whole (perhaps over two lines)
        assert any(name.replace(" ", "") in label.replace("\n", "").replace(" ", "") for label in names), name
    assert _outside(figure) == []


def test_twenty_sources_with_unbroken_names_fit_too() -> None:
    item = huge()  # 20 sources named "渠道 <b>n</b> xxxx…" (60 letters without a space)
    figure = review_figure(item.review, chart_labels(item, "en"), number_formats("en"), fonts=ChartFonts.detect("en"))
    assert _outside(figure) == []
