"""Forget request claims older than any retry or open modal could be (Slack retries events within
minutes; a modal lives at most a few hours), so the claims table stays small."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.kernel.services import Services
from storage import claims as claim_repository

CLAIMS_KEPT = timedelta(days=2)


def forget_old_claims(services: Services, now: datetime) -> int:
    with services.unit_of_work() as session:
        claim_repository.forget_before(session=session, before=now - CLAIMS_KEPT)
    return 0  # says nothing


def run(services: Services, now: datetime) -> int:
    """The housekeeping pass, as the scheduler's registry calls it."""
    return forget_old_claims(services, now)
