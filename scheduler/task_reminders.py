"""Pass: task reminders before the due day and on its morning, daily nudges while overdue, and the campaign
owner told once a task is a day overdue (bot.usecases.task_reminding)."""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.usecases import task_reminding
from bot.usecases.due_batches import in_batches

BATCH = 200


def run(services: Services, now: datetime) -> int:
    return in_batches(services, now, name="task_reminders", batch=BATCH, fetch=task_reminding.claim_due,
                      advance=task_reminding.advance, readers=task_reminding.readers)
