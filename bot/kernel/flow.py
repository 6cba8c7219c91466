"""What every flow shares after its transaction: deliver what it wrote to the outbox now (the delivery pass retries whatever fails here)."""

from __future__ import annotations

import logging

from bot.kernel.services import Services
from bot.kernel.slack import outbox

log = logging.getLogger(__name__)


def deliver_now(services: Services) -> None:
    """Send what a use case just wrote to the outbox; the delivery pass retries whatever fails here."""
    try:
        outbox.deliver_due(services, services.clock.now())
    except Exception:
        log.exception("delivering incident messages failed; the scheduler will retry")
