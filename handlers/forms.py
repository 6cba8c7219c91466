"""What listeners share about forms and buttons: field errors in words, and ids read back from clicks."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from bot import formatting
from bot.blocks.metadata import MAX_ID, parse_id
from bot.domain.campaigns import FieldError
from bot.errors import InvalidInput
from bot.i18n import t
from bot.policy import Actor
from bot.services import Services
from storage import claim_repository

__all__ = ["MAX_ID", "actor_of", "campaign_id_of", "clicked_id", "field_errors", "first_submission", "incident_id_of",
           "parse_id", "task_id_of", "team_of"]


def field_errors(errors: list[FieldError], locale: str) -> dict[str, str]:
    """`response_action: errors` answer: the first message per field, dates and phases in the reader's words."""
    messages: dict[str, str] = {}
    for error in errors:
        params = {name: formatting.day(value, locale) if isinstance(value, date) else value
                  for name, value in error.params.items()}
        if "before" in params:
            params["before"] = t(f"phase.{params['before']}", locale)
        messages.setdefault(error.field, t(error.key, locale, **params))
    return messages


def team_of(body: dict[str, Any]) -> str:
    """The workspace a request came from: `team_id` (commands, events) or `team.id` (interactions)."""
    return str(body.get("team_id") or (body.get("team") or {}).get("id")
               or (body.get("user") or {}).get("team_id") or "")


def actor_of(services: Services, body: dict[str, Any]) -> Actor:
    """Who is acting, and in which workspace: every lookup the use cases make is scoped to that workspace."""
    user_id = body.get("user_id") or (body.get("user") or {}).get("id") or ""
    return services.directory.actor(str(user_id), team_of(body))


def submission_key(view: dict[str, Any]) -> str:
    """What makes a modal submission the same one again: its view (a view closes once it was saved)."""
    return f"view:{str(view.get('id') or '')[:60]}:{str(view.get('callback_id') or '')[:60]}"


def first_submission(session: Session, view: dict[str, Any], now: datetime) -> bool:
    """Claim this submission in the caller's transaction: False when the same one was saved already, so a
    double-click or a replay answers quietly instead of saving twice. A rejected submission rolls its claim back."""
    return claim_repository.claim(session=session, key=submission_key(view), at=now)


def clicked_id(body: dict[str, Any], gone_key: str) -> int:
    """The id in the clicked button's value; a tampered or stale value is answered with `gone_key`."""
    actions = body.get("actions") or [{}]
    number = parse_id(actions[0].get("value", ""))
    if number is None:
        raise InvalidInput(gone_key)
    return number


def campaign_id_of(body: dict[str, Any]) -> int:
    return clicked_id(body, "campaign.gone")


def task_id_of(body: dict[str, Any]) -> int:
    return clicked_id(body, "task.gone")


def incident_id_of(body: dict[str, Any]) -> int:
    return clicked_id(body, "incident.gone")
