"""Pass: milestone reminders in the campaign channel, days before and on the day
(bot.usecases.milestone_reminding)."""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.usecases import milestone_reminding
from bot.usecases.due_batches import in_batches

BATCH = 200


def run(services: Services, now: datetime) -> int:
    return in_batches(services, now, name="milestone_reminders", batch=BATCH, fetch=milestone_reminding.claim_due,
                      advance=milestone_reminding.advance, readers=milestone_reminding.readers)
