"""Pass: the escalation ladder of every unacknowledged or unresolved incident (see bot.domain.escalation).

Claims due incidents (id and run id) with `FOR UPDATE SKIP LOCKED`, then does ONE step per incident in a
transaction of its own, which locks the row again and re-checks status and run id: an Acknowledge or Resolve
that committed in between changed the run id, so the stale step is dropped. The step's messages are outbox rows
written in that transaction; after it commits the channel card is re-rendered (chat.update is idempotent).
"""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.usecases import incident_flows

BATCH = 100
MAX_ROUNDS = 50  # a pass never spins: each round either moves incidents on or drops stale runs


def run(services: Services, now: datetime) -> int:
    enqueued = 0
    for _ in range(MAX_ROUNDS):
        due = incident_flows.claim_due_steps(services, now, BATCH)
        for incident_id, run_id in due:
            enqueued += step(services, incident_id, run_id, now)
        if len(due) < BATCH:
            break
    return enqueued


def step(services: Services, incident_id: int, run_id: str, now: datetime) -> int:
    """One due step of one incident, if `run_id` is still its run; returns how many messages it added."""
    return incident_flows.do_due_step(services, incident_id, run_id, now)
