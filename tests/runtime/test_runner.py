"""`campaignbot run` and `campaignbot scheduler` call run_due every minute through APScheduler."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import pytest

from bot.kernel.clock import FixedClock
from bot.kernel.errors import ConfigError
from scheduler import runner


def test_background_scheduler_runs_the_pass_every_minute_without_piling_up(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[datetime] = []
    monkeypatch.setattr(runner, "run_due", lambda services, now: calls.append(now))
    clock = FixedClock(datetime(2026, 5, 10, 1, 0, tzinfo=UTC))
    services = SimpleNamespace(clock=clock, charts=SimpleNamespace(start=lambda warm_up=None: None))
    scheduler = runner.start_background(services)  # type: ignore[arg-type]
    try:
        job: Any = scheduler.get_job("run_due")
        assert job.trigger.interval.total_seconds() == 60
        assert (job.max_instances, job.coalesce) == (1, True)
        job.func()
        assert calls == [clock.now()]  # the pass runs as of the injected clock
    finally:
        scheduler.shutdown(wait=False)


def test_the_pass_interval_is_a_minute_unless_set_to_whole_seconds() -> None:
    assert runner.pass_interval({}) == 60
    assert runner.pass_interval({"CAMPAIGNBOT_PASS_SECONDS": "5"}) == 5
    for bad in ("0", "-3", "1.5", "soon"):
        with pytest.raises(ConfigError, match="CAMPAIGNBOT_PASS_SECONDS must be a whole number"):
            runner.pass_interval({"CAMPAIGNBOT_PASS_SECONDS": bad})
