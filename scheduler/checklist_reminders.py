"""Pass: the readiness list's reminders to item owners the day before the due day
(bot.usecases.checklist_reminding)."""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.usecases import checklist_reminding
from bot.usecases.due_batches import in_batches

BATCH = 200


def run(services: Services, now: datetime) -> int:
    return in_batches(services, now, name="checklist_reminders", batch=BATCH, fetch=checklist_reminding.claim_due,
                      advance=checklist_reminding.advance, readers=checklist_reminding.readers)
