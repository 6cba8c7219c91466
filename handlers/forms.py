"""What listeners share about forms and buttons: field errors in words, and ids read back from clicks."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from bot import formatting
from bot.domain.campaigns import FieldError
from bot.errors import InvalidInput
from bot.i18n import t

# Database ids are BIGINT: anything larger (or not plain ASCII digits) was not written by the bot.
MAX_ID = 2**63 - 1


def field_errors(errors: list[FieldError], locale: str) -> dict[str, str]:
    """`response_action: errors` answer: the first message per field; dates, amounts of money (Decimal) and
    phases in the reader's words."""
    messages: dict[str, str] = {}
    for error in errors:
        params = {name: _param(value, locale) for name, value in error.params.items()}
        if "before" in params:
            params["before"] = t(f"phase.{params['before']}", locale)
        messages.setdefault(error.field, t(error.key, locale, **params))
    return messages


def _param(value: object, locale: str) -> object:
    if isinstance(value, date):
        return formatting.day(value, locale)
    if isinstance(value, Decimal):
        return formatting.money(value, locale)
    return value


def parse_id(value: object) -> int | None:
    """A positive database id from text Slack echoed back (button value, metadata), or None if it is not one."""
    text = str(value) if isinstance(value, int | str) else ""
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


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


def team_id_of(body: dict[str, Any]) -> str:
    """The workspace a click or submission came from: every lookup by id is checked against it."""
    return (body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or body.get("team_id") or ""
