"""APScheduler wiring: call run_due every minute, in the background or in the foreground."""

from __future__ import annotations

from collections.abc import Callable

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.schedulers.blocking import BlockingScheduler

from bot.services import Services
from scheduler.passes import run_due

INTERVAL_SECONDS = 60


def _add_job(scheduler: BaseScheduler, services: Services, tick: Callable[[], object] | None = None) -> None:
    scheduler.add_job(
        tick or (lambda: run_due(services, services.clock.now())),
        "interval",
        seconds=INTERVAL_SECONDS,
        id="run_due",
        # A slow pass must not pile up copies of itself; missed minutes collapse into one catch-up pass.
        max_instances=1,
        coalesce=True,
        misfire_grace_time=INTERVAL_SECONDS,
    )


def start_background(services: Services, tick: Callable[[], object] | None = None) -> BackgroundScheduler:
    """`tick` replaces the plain pass, e.g. the sandbox's, which shares a lock with its 'Next hour' button."""
    scheduler = BackgroundScheduler(timezone="UTC")
    _add_job(scheduler, services, tick)
    scheduler.start()
    return scheduler


def run_forever(services: Services) -> None:
    scheduler = BlockingScheduler(timezone="UTC")
    _add_job(scheduler, services)
    scheduler.start()
