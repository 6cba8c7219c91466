"""Charts are drawn in worker processes, never in the process that acknowledges Slack.

matplotlib holds the GIL for the whole ~0.1–0.3 s of a chart. At 21:00, when a thousand campaigns' summaries fall
due together, drawing in the scheduler's thread would make every listener thread wait for the GIL behind it, and
acknowledgements would slow down exactly when the channel is busiest. Worker processes have GILs of their own,
and they run at a lower CPU priority (`os.nice`), so the kernel gives the serving process its cores first.

The pool is process-wide and shared (rendering is a pure function of its inputs), created on first use and
started with `spawn` (forking a process that runs threads can copy a held lock). If the workers cannot start or
die, the chart is drawn in the calling thread instead: a slower summary beats a missing chart.

What to draw is a `Drawing`: a function named by module and name, imported in the worker. The pool knows no
chart, and the serving process never imports matplotlib (the summary's chart: bot.summary.scheduled).

A worker ends itself when the process that started it is gone (kill -9 of `campaignbot run` gives the pool no
chance to stop them): a watchdog thread in each worker notices that its parent changed and exits.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

log = logging.getLogger(__name__)

NICENESS = 10  # below the serving process, above nothing else that matters
MAX_WORKERS = 2
ORPHAN_CHECK_SECONDS = 0.5


@dataclass(frozen=True)
class Drawing:
    """A function that returns PNG bytes, named rather than imported: pickled as two strings, imported where it runs
    (a worker, or the fallback in this process), so handing it over loads nothing."""

    module: str
    name: str

    def __call__(self, *args: object) -> bytes:
        drawn: bytes = getattr(importlib.import_module(self.module), self.name)(*args)
        return drawn


def _start_worker(parent: int | None = None, warm_up: Drawing | None = None) -> None:
    if parent is not None:
        _exit_with(parent)
    # Not on this platform, or not allowed: the process still keeps the GIL of the serving process free.
    with contextlib.suppress(AttributeError, OSError):
        os.nice(NICENESS)
    if warm_up is not None:
        warm_up()  # fonts and matplotlib loaded once per worker, not on the first chart


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


def _render(drawing: Drawing, args: tuple[object, ...]) -> bytes:
    return drawing(*args)


class ChartPool:
    def __init__(self, workers: int | None = None, warm_up: Drawing | None = None) -> None:
        self._workers = workers or max(1, min(MAX_WORKERS, os.cpu_count() or 1))
        self._warm_up = warm_up
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def submit(self, drawing: Drawing, *args: object) -> Future[bytes]:
        """The PNG, drawn in a worker; `result()` never raises for a broken pool (it falls back to drawing here)."""
        try:
            future = self._pool().submit(_render, drawing, args)
        except (BrokenProcessPool, OSError, RuntimeError) as error:
            self._discard(error)
            return _done(_render(drawing, args))
        return _with_fallback(future, drawing, args, self)

    def render(self, drawing: Drawing, *args: object) -> bytes:
        return self.submit(drawing, *args).result()

    def start(self, warm_up: Drawing | None = None) -> None:
        """Start the workers now (a worker takes a second or two to import matplotlib), not on the first chart;
        `warm_up` is what each worker runs first, when the pool has not started yet."""
        with self._lock:
            if self._executor is None and warm_up is not None:
                self._warm_up = warm_up
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
                    initializer=_start_worker, initargs=(os.getpid(), self._warm_up),
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


def _with_fallback(future: Future[bytes], drawing: Drawing, args: tuple[object, ...], pool: ChartPool
                   ) -> Future[bytes]:
    result: Future[bytes] = Future()

    def settle(done: Future[bytes]) -> None:
        error = done.exception()
        if error is None:
            result.set_result(done.result())
        elif isinstance(error, BrokenProcessPool):
            pool._discard(error)
            result.set_result(_render(drawing, args))
        else:
            result.set_exception(error)

    future.add_done_callback(settle)
    return result


_shared: ChartPool | None = None
_shared_lock = threading.Lock()


def shared_pool(warm_up: Drawing | None = None) -> ChartPool:
    """The process's chart pool (the first call's `warm_up` is the one its workers run)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = ChartPool(warm_up=warm_up)
            atexit.register(_shared.shutdown)
        return _shared
