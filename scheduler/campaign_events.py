"""Pass: a campaign's lifecycle in its channel: start and end move its status, phase starts are announced, and
the morning after the end the review (复盘) is posted (bot.usecases.campaign_lifecycle)."""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.usecases import campaign_lifecycle
from bot.usecases.due_batches import in_batches

BATCH = 100


def run(services: Services, now: datetime) -> int:
    return in_batches(services, now, name="campaign_events", batch=BATCH, fetch=campaign_lifecycle.claim_due,
                      advance=campaign_lifecycle.advance, readers=campaign_lifecycle.readers)
