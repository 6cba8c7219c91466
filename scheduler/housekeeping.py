"""Pass: forget request claims older than any retry or open modal could be (bot.usecases.housekeeping)."""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.usecases import housekeeping


def run(services: Services, now: datetime) -> int:
    return housekeeping.forget_old_claims(services, now)
