"""What the Cause & adjustment button, its modal and the incident's Resolve ask, from start to finish: look up who
reads in which language (Slack, before any transaction), do the use case in one transaction, then deliver what it
wrote to the outbox. Handlers call these and nothing else of adjustments."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from slack_sdk.models.views import View as SlackView
from sqlmodel import Session

from bot.adjustments import service as adjustment_service
from bot.adjustments.blocks import AdjustmentMetadata
from bot.adjustments.rules import AdjustmentForm
from bot.incidents.service.ladder import locales_of, people_of
from bot.kernel import policy
from bot.kernel.errors import InvalidInput
from bot.kernel.flow import deliver_now, once_per_submission
from bot.kernel.services import Services


def modal_view(services: Services, *, incident_id: int, actor: policy.Actor, locale: str,
               resolving: bool = False) -> SlackView:
    """The Cause & adjustment modal of the incident, for someone who may handle it."""
    with services.unit_of_work() as session:
        return adjustment_service.modal(session=session, incident_id=incident_id, actor=actor,
                                        now=services.clock.now(), locale=locale, resolving=resolving)


def save(services: Services, *, metadata: AdjustmentMetadata, form: AdjustmentForm, actor: policy.Actor,
         submission: str, answer: Callable[[], object]) -> None:
    """Record the adjustment once per submission (a refused one is answered on its fields by the caller, nothing
    saved); then answer, deliver the thread note and the DM (and, when Resolve opened it, the resolution)."""
    incident_id = metadata.incident_id
    if incident_id is None:
        raise InvalidInput("incidents.gone")
    # languages looked up now (users.info, cached), so no Slack call waits inside the transaction
    locale_for = locales_of(services, people_of(services, incident_id) | {actor.user_id, form.owner_id or ""})

    def record(session: Session, now: datetime) -> list[str]:
        adjustment_service.record(session=session, incident_id=incident_id, form=form, actor=actor, now=now,
                                  locale_for=locale_for, resolve=metadata.resolve)
        return []  # its notes go out with the rest of what is due, below

    once_per_submission(services, submission=submission, answer=answer, work=record)
    deliver_now(services)


