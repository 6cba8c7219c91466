"""Knowing when the bot has finished: its listeners keep working after they acknowledge (views.open, posts),
so a script that acts like a person waits for that work, as a person waits for the screen to change."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any


class TrackingExecutor(ThreadPoolExecutor):
    """A thread pool that can say when nothing submitted to it is still running."""

    def __init__(self, max_workers: int, thread_name_prefix: str = "") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self._pending = 0
        self._condition = threading.Condition()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        with self._condition:
            self._pending += 1
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _future: Future[Any]) -> None:
        with self._condition:
            self._pending -= 1
            self._condition.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        with self._condition:
            return self._condition.wait_for(lambda: self._pending == 0, timeout)
