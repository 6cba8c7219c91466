"""`campaignbot run` and `campaignbot scheduler` call run_due every minute through APScheduler."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bot.clock import FixedClock
from scheduler import runner


def test_background_scheduler_runs_at_start_then_every_minute_without_piling_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[datetime] = []
    monkeypatch.setattr(runner, "run_due", lambda services, now: calls.append(now))
    clock = FixedClock(datetime(2026, 5, 10, 1, 0, tzinfo=UTC))
    services = SimpleNamespace(clock=clock, charts=SimpleNamespace(start=lambda: None))
    scheduler = runner.start_background(services)  # type: ignore[arg-type]
    try:
        deadline = time.monotonic() + 5
        while not calls and time.monotonic() < deadline:
            time.sleep(0.01)
        assert calls == [clock.now()]  # the first pass at start, as of the injected clock
        job: Any = scheduler.get_job("run_due")
        assert job.trigger.interval.total_seconds() == 60
        assert (job.max_instances, job.coalesce) == (1, True)
    finally:
        scheduler.shutdown(wait=False)
