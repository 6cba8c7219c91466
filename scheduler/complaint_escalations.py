"""Pass: open complaints past their response time escalated to the campaign owner, once each
(bot.usecases.complaint_escalation)."""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.usecases import complaint_escalation
from bot.usecases.due_batches import in_batches

BATCH = 200


def run(services: Services, now: datetime) -> int:
    return in_batches(services, now, name="complaint_escalations", batch=BATCH, fetch=complaint_escalation.claim_due,
                      advance=complaint_escalation.advance, readers=complaint_escalation.readers)
