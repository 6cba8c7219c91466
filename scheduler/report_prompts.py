"""Pass: each running day, every reporter gets a prompt at report time (their zone), and one nudge later when
they still have not reported (bot.usecases.report_prompting)."""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.usecases import report_prompting
from bot.usecases.due_batches import in_batches

BATCH = 200


def run(services: Services, now: datetime) -> int:
    return in_batches(services, now, name="report_prompts", batch=BATCH, fetch=report_prompting.claim_due,
                      advance=report_prompting.advance, readers=report_prompting.readers)
