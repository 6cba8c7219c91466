"""Pace charts are drawn in worker processes, never in the process that acknowledges Slack.

matplotlib holds the GIL for the whole ~0.1–0.3 s of a chart. At 21:00, when a thousand campaigns' summaries fall
due together, drawing in the scheduler's thread would make every listener thread wait for the GIL behind it, and
acknowledgements would slow down exactly when the channel is busiest. Worker processes have GILs of their own,
and they run at a lower CPU priority (`os.nice`), so the kernel gives the serving process its cores first.

The pool is process-wide and shared (rendering is a pure function of its inputs), created on first use and
started with `spawn` (forking a process that runs threads can copy a held lock). If the workers cannot start or
die, the chart is drawn in the calling thread instead: a slower summary beats a missing chart.

A worker ends itself when the process that started it is gone (kill -9 of `campaignbot run` gives the pool no
chance to stop them): a watchdog thread in each worker notices that its parent changed and exits.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from bot.summary.rules import KpiSeries

if TYPE_CHECKING:  # matplotlib loads only where a chart is drawn: web replicas never import it
    from bot.summary.render import ChartLabels

log = logging.getLogger(__name__)

NICENESS = 10  # below the serving process, above nothing else that matters
MAX_WORKERS = 2
ORPHAN_CHECK_SECONDS = 0.5


def _start_worker(parent: int | None = None) -> None:
    if parent is not None:
        _exit_with(parent)
    # Not on this platform, or not allowed: the process still keeps the GIL of the serving process free.
    with contextlib.suppress(AttributeError, OSError):
        os.nice(NICENESS)
    from bot.summary.render import ChartFonts

    ChartFonts.detect("zh-CN")  # load the fonts once per worker, not on the first chart


def _exit_with(parent: int) -> None:
    """End this worker soon after `parent` dies, however it dies. Polling the parent's id works everywhere; the
    kernel's parent-death signal would fire when the *thread* that started the worker ends, which in a pool
    started from a listener or scheduler thread is not the process ending."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_CHECK_SECONDS)
        os._exit(0)  # no cleanup to wait for: the worker holds nothing but a half-drawn chart

    threading.Thread(target=watch, name="orphan-watchdog", daemon=True).start()


def _ready() -> None:
    """Nothing: submitting it makes the pool start a worker (which runs `_start_worker`)."""


def _render(series: Sequence[KpiSeries], labels: ChartLabels, locale: str | None) -> bytes:
    from bot.summary.render import render_pace_chart

    return render_pace_chart(series, labels, locale=locale)


class ChartPool:
    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or max(1, min(MAX_WORKERS, os.cpu_count() or 1))
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, series: Sequence[KpiSeries], labels: ChartLabels, locale: str | None) -> Future[bytes]:
        """The PNG, drawn in a worker; `result()` never raises for a broken pool (it falls back to drawing here)."""
        try:
            future = self._pool().submit(_render, list(series), labels, locale)
        except (BrokenProcessPool, OSError, RuntimeError) as error:
            self._discard(error)
            return _done(_render(series, labels, locale))
        return _with_fallback(future, series, labels, locale, self)

    def render(self, series: Sequence[KpiSeries], labels: ChartLabels, locale: str | None) -> bytes:
        return self.submit(series, labels, locale).result()

    def start(self) -> None:
        """Start the workers now (a worker takes a second or two to import matplotlib), not on the first chart."""
        try:
            pool = self._pool()
            for _ in range(self._workers):
                pool.submit(_ready)
        except (BrokenProcessPool, OSError, RuntimeError) as error:
            self._discard(error)

    def shutdown(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    max_workers=self._workers, mp_context=multiprocessing.get_context("spawn"),
                    initializer=_start_worker, initargs=(os.getpid(),),
                )
            return self._executor

    def _discard(self, error: BaseException) -> None:
        log.warning("chart workers unavailable (%s); drawing in this process", error)
        with self._lock:
            self._executor = None


def _done(png: bytes) -> Future[bytes]:
    future: Future[bytes] = Future()
    future.set_result(png)
    return future


def _with_fallback(future: Future[bytes], series: Sequence[KpiSeries], labels: ChartLabels, locale: str | None,
                   pool: ChartPool) -> Future[bytes]:
    result: Future[bytes] = Future()

    def settle(done: Future[bytes]) -> None:
        error = done.exception()
        if error is None:
            result.set_result(done.result())
        elif isinstance(error, BrokenProcessPool):
            pool._discard(error)
            result.set_result(_render(series, labels, locale))
        else:
            result.set_exception(error)

    future.add_done_callback(settle)
    return result


_shared: ChartPool | None = None
_shared_lock = threading.Lock()


def shared_pool() -> ChartPool:
    """The process's chart pool."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ChartPool()
            atexit.register(_shared.shutdown)
        return _shared
