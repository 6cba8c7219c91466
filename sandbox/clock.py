"""The demo clock: it runs like any clock, jumps forward when asked, and after a restart goes on from where it was."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sandbox.store import SandboxStore

CLOCK_KEY = "clock"


class SandboxClock:
    def __init__(self, store: SandboxStore, *, start: datetime | None = None,
                 monotonic: Callable[[], float] = time.monotonic) -> None:
        self._store = store
        self._monotonic = monotonic
        self._lock = threading.Lock()
        saved = store.meta(CLOCK_KEY)
        base = datetime.fromisoformat(saved) if saved else (start or datetime.now(UTC)).replace(microsecond=0)
        self._base = base.astimezone(UTC)
        self._since = monotonic()
        if not saved:
            self.save()

    def now(self) -> datetime:
        with self._lock:
            return self._base + timedelta(seconds=self._monotonic() - self._since)

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("the sandbox clock needs a timezone-aware instant")
        with self._lock:
            self._base = at.astimezone(UTC)
            self._since = self._monotonic()
        self.save()

    def save(self) -> None:
        """Remember the time, so a restart resumes here instead of jumping to the wall clock."""
        self._store.set_meta(CLOCK_KEY, self.now().isoformat())
