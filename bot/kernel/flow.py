"""What every flow shares: one submission saved once (claim → work → commit → answer → deliver), and delivering what
a use case wrote to the outbox right after its transaction (the delivery pass retries whatever fails here)."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime

from sqlmodel import Session

from bot.kernel import claims
from bot.kernel.services import Services
from bot.kernel.slack import outbox

log = logging.getLogger(__name__)

# What a listener hands a flow to answer Slack with (`ack`, or closing the modal): called once, after the commit.
Answer = Callable[[], object]
# The work of one submission inside its transaction: returns the outbox keys to deliver once it is answered.
Work = Callable[[Session, datetime], Sequence[str]]


def once_per_submission(services: Services, *, submission: str, answer: Answer, work: Work) -> bool:
    """Do `work` once per submission key: the claim and the work commit together, then Slack is answered, then what
    the work wrote to the outbox is delivered. The same submission again (a double-click, Slack's replay) is only
    answered. A refusal raised by `work` rolls the claim back with everything else, so the corrected submission is
    not taken for a repeat. True when the work was done."""
    now = services.clock.now()
    with services.unit_of_work() as session:
        if not claims.first(session=session, key=submission, now=now):
            answer()
            return False
        keys = list(work(session, now))
    answer()
    outbox.deliver(services, keys)
    return True


def deliver_now(services: Services) -> None:
    """Send what a use case just wrote to the outbox; the delivery pass retries whatever fails here."""
    try:
        outbox.deliver_due(services, services.clock.now())
    except Exception:
        log.exception("delivering what a flow wrote failed; the scheduler will retry")
