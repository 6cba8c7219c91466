"""'Next hour' and 'Next day': move the demo clock and run the scheduler at every moment that matters on the way.

Rather than a pass for each of the 1,440 minutes of a day, the stepper asks the database when the next
thing is due (a reminder, a prompt, the 21:00 summary, an escalation step, a retry) and runs `run_due`
exactly then, with the clock set to that instant, so each message carries the time it would have in Slack.
The minute job of the running sandbox takes the same lock, so the two never run a pass at once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.kernel.services import Services
from sandbox.clock import SandboxClock
from scheduler.passes import PassReport, run_due
from storage.repositories.schedule import next_fire_after

log = logging.getLogger(__name__)

# A day of a busy demo campaign has a few dozen due moments; far more means a row that never moves on.
MAX_PASSES_PER_STEP = 2_000


@dataclass(frozen=True)
class StepReport:
    start: datetime
    end: datetime
    passes: int
    sent: int


class Stepper:
    def __init__(self, services: Services, clock: SandboxClock, *,
                 run_pass: Callable[[Services, datetime], PassReport] = run_due) -> None:
        self.services = services
        self.clock = clock
        self.lock = threading.Lock()
        self._run_pass = run_pass

    def advance(self, by: timedelta) -> StepReport:
        if by <= timedelta(0):
            raise ValueError("the demo clock only moves forward")
        with self.lock:
            start = self.clock.now()
            return self._run_until(start, start + by)

    def run_until(self, target: datetime) -> StepReport:
        """Move to `target` (forward only), running every due moment on the way."""
        with self.lock:
            start = self.clock.now()
            return self._run_until(start, max(start, target))

    def tick(self) -> None:
        """The running sandbox's minute job: one pass at the current time, like production's."""
        with self.lock:
            self._run_pass(self.services, self.clock.now())
            self.clock.save()

    def _run_until(self, start: datetime, target: datetime) -> StepReport:
        passes = sent = 0
        moment = start
        while passes < MAX_PASSES_PER_STEP:
            with self.services.unit_of_work() as session:
                due = next_fire_after(session=session, after=moment)
            if due is None or due > target:
                break
            self.clock.set(due)
            sent += self._run_pass(self.services, due).sent
            passes += 1
            moment = due
        else:
            log.warning("stopped after %s passes on the way to %s; something due never moves on", passes, target)
        self.clock.set(target)
        sent += self._run_pass(self.services, target).sent
        return StepReport(start=start, end=target, passes=passes + 1, sent=sent)
