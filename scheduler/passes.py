"""`run_due(now)`: do everything that is due by `now`, once.

Due work lives in the database, not in APScheduler, so a restart loses nothing. Each pass is a function
`(services, now) -> int`. The deciding passes write outbox rows (what to say, once per idempotency key) in
the same transaction that moves their row's next fire time on; the delivery pass then sends them.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime

from bot.kernel.logs import error_summary
from bot.kernel.services import Services
from scheduler.registry import PASSES

log = logging.getLogger(__name__)


@dataclass
class PassReport:
    now: datetime
    counts: dict[str, int] = field(default_factory=dict)  # per pass: messages decided, or sent for delivery
    seconds: dict[str, float] = field(default_factory=dict)  # per pass: how long it took

    @property
    def sent(self) -> int:
        return self.counts.get("delivery", 0)


def run_due(services: Services, now: datetime) -> PassReport:
    if now.tzinfo is None:
        raise ValueError("run_due needs a timezone-aware instant")
    report = PassReport(now=now)
    durations = services.metrics.pass_seconds
    started = time.perf_counter()
    for name, run_pass in PASSES.items():
        if services.stopping.is_set():  # a graceful stop: what is left stays due for the next pass, anywhere
            break
        pass_started = time.perf_counter()
        try:
            report.counts[name] = run_pass(services, now)
        except Exception as error:
            # One broken pass must not starve the others; it is retried on the next minute. Logged by kind and
            # place, not message: a database error's message quotes the statement's parameters, people's text.
            log.error("scheduler pass %s failed at %s: %s", name, now.isoformat(), error_summary(error))
        finally:
            report.seconds[name] = time.perf_counter() - pass_started
            durations.labels(name).observe(report.seconds[name])
    durations.labels("all").observe(time.perf_counter() - started)
    return report
