"""APScheduler wiring: call run_due every minute, in the background or in the foreground."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from bot.kernel.errors import ConfigError
from bot.kernel.services import Services
from bot.summary.scheduled import CHART_WARM_UP
from scheduler.passes import run_due

INTERVAL_SECONDS = 60  # every minute (README.md, "Console command")
# How long a thread may hold the GIL while another waits (CPython's default is 5 ms).
SHARED_SWITCH_INTERVAL = float(os.environ.get("CAMPAIGNBOT_SWITCH_INTERVAL", "0.0005"))


def share_process_with_listeners() -> None:
    """The passes run in a thread of the process that acknowledges Slack. A listener thread that wants the GIL
    while a pass computes waits up to the switch interval at each hand-over (an ack has several: event loop,
    dispatch thread, listener thread); at CPython's 5 ms that adds tens of milliseconds to acks during the 21:00
    storm. Half a millisecond keeps the hand-overs short at a small cost to the pass (benchmarks/storm.py)."""
    sys.setswitchinterval(SHARED_SWITCH_INTERVAL)


def pass_interval(env: Mapping[str, str] | None = None) -> int:
    """`CAMPAIGNBOT_PASS_SECONDS` shortens the minute, for experiments and tests that cannot wait for one."""
    text = (os.environ if env is None else env).get("CAMPAIGNBOT_PASS_SECONDS", "").strip()
    if not text:
        return INTERVAL_SECONDS
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(f"CAMPAIGNBOT_PASS_SECONDS must be a whole number of seconds, 1 or more; got {text!r}.")
    return int(text)


def _add_job(scheduler: BaseScheduler, services: Services, tick: Callable[[], object] | None = None) -> None:
    interval = pass_interval()
    scheduler.add_job(
        tick or (lambda: run_due(services, services.clock.now())),
        "interval",
        seconds=interval,
        id="run_due",
        # A slow pass must not pile up copies of itself; missed minutes collapse into one catch-up pass.
        max_instances=1,
        coalesce=True,
        misfire_grace_time=interval,
    )


def start_background(services: Services, tick: Callable[[], object] | None = None) -> BackgroundScheduler:
    """`tick` replaces the plain pass, e.g. the sandbox's, which shares a lock with its 'Next hour' button."""
    share_process_with_listeners()
    services.charts.start(CHART_WARM_UP)
    scheduler = BackgroundScheduler(timezone="UTC")
    _add_job(scheduler, services, tick)
    scheduler.start()
    return scheduler


def run_forever(services: Services) -> None:
    services.charts.start(CHART_WARM_UP)
    scheduler = BlockingScheduler(timezone="UTC")
    _add_job(scheduler, services)
    scheduler.start()
