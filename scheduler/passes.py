"""`run_due(now)`: do everything that is due by `now`, once.

Due work lives in the database, not in APScheduler, so a restart loses nothing. Each pass is a function
`(services, now) -> int` (how many things it sent); the scheduler issue adds reminders, nudges and
escalations to PASSES.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from bot.services import Services

log = logging.getLogger(__name__)

Pass = Callable[[Services, datetime], int]

PASSES: dict[str, Pass] = {}


@dataclass
class PassReport:
    now: datetime
    sent: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.sent.values())


def run_due(services: Services, now: datetime) -> PassReport:
    if now.tzinfo is None:
        raise ValueError("run_due needs a timezone-aware instant")
    report = PassReport(now=now)
    for name, run_pass in PASSES.items():
        try:
            report.sent[name] = run_pass(services, now)
        except Exception:
            # One broken pass must not starve the others; it is retried on the next minute.
            log.exception("scheduler pass %s failed at %s", name, now.isoformat())
    return report
