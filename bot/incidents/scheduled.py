"""Pass: the escalation ladder of every unacknowledged or unresolved incident (bot.incidents.rules.escalation): each
due step of each incident, one at a time, skipping rows another process holds."""

from __future__ import annotations

from datetime import datetime

from bot.incidents.service.ladder import locales_of, people_of, perform_due_step
from bot.kernel.services import Services
from storage.repositories import incidents as repo

BATCH = 100
MAX_ROUNDS = 50  # a pass never spins: each round either moves incidents on or drops stale runs


def run(services: Services, now: datetime) -> int:
    enqueued = 0
    for _ in range(MAX_ROUNDS):
        due = claim_due_steps(services, now, BATCH)
        for incident_id, run_id in due:
            enqueued += do_due_step(services, incident_id, run_id, now)
        if len(due) < BATCH:
            break
    return enqueued


def claim_due_steps(services: Services, now: datetime, limit: int) -> list[tuple[int, str]]:
    """(id, run id) of incidents whose next ladder step is due, skipping rows another process holds."""
    with services.unit_of_work() as session:
        return repo.due_steps(session=session, now=now, limit=limit)


def do_due_step(services: Services, incident_id: int, run_id: str, now: datetime) -> int:
    """One due step of one incident, if `run_id` is still its run (the card's edit goes with its messages through
    the outbox). Returns how many messages it added."""
    locale_for = locales_of(services, people_of(services, incident_id))
    with services.unit_of_work() as session:
        done = perform_due_step(session=session, incident_id=incident_id, run_id=run_id, now=now,
                                locale_for=locale_for)
    return 0 if done is None else done.messages
