"""Charts are drawn in niced worker processes; a broken pool falls back to drawing in the caller."""

from __future__ import annotations

import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from bot.kernel import chart_pool
from bot.kernel.chart_pool import ChartPool
from bot.summary.scheduled import PACE_CHART
from tests.summary.test_chart import CHINESE, PNG_MAGIC, series


def _whereabouts() -> tuple[int, int]:
    return os.getpid(), os.nice(0)


def test_charts_are_drawn_in_a_lower_priority_process() -> None:
    pool = chart_pool.shared_pool()
    png = pool.render(PACE_CHART, series(), CHINESE, "zh-CN")
    assert png.startswith(PNG_MAGIC)
    pid, niceness = pool._pool().submit(_whereabouts).result(timeout=60)
    assert pid != os.getpid()
    assert niceness >= os.nice(0) + chart_pool.NICENESS or niceness == 19


def test_several_charts_are_drawn_at_once() -> None:
    futures = [chart_pool.shared_pool().submit(PACE_CHART, series(), CHINESE, "en") for _ in range(4)]
    assert all(future.result(timeout=120).startswith(PNG_MAGIC) for future in futures)


def test_a_broken_pool_falls_back_to_drawing_here(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = ChartPool(workers=1)

    class Broken:
        def submit(self, *args: object, **kwargs: object) -> None:
            raise BrokenProcessPool("workers died")

    monkeypatch.setattr(pool, "_pool", lambda: Broken())
    assert pool.render(PACE_CHART, series(), CHINESE, "en").startswith(PNG_MAGIC)


def test_rendering_errors_reach_the_caller() -> None:
    with pytest.raises(ValueError):
        chart_pool.shared_pool().render(PACE_CHART, [], CHINESE, "en")
