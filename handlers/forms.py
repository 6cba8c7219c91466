"""What listeners share about forms and buttons: field errors in words, and ids read back from clicks."""

from __future__ import annotations

from datetime import date
from typing import Any

from bot import formatting
from bot.blocks.metadata import MAX_ID, parse_id
from bot.domain.campaigns import FieldError
from bot.errors import InvalidInput
from bot.i18n import t



__all__ = ["MAX_ID", "campaign_id_of", "clicked_id", "field_errors", "incident_id_of", "parse_id", "task_id_of"]


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
