"""Options for external selects: the time-zone picker searches the IANA database."""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from slack_bolt import Ack, App
from slack_sdk.models.blocks import Option

from bot.ids import Action
from bot.services import Services

MAX_OPTIONS = 100  # Slack's limit for one options response


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC"))


def matching_zones(query: str, limit: int = MAX_OPTIONS) -> list[str]:
    """Zones whose name contains the query, ignoring case, spaces and underscores: `new york` finds New_York."""
    needle = query.strip().lower().replace(" ", "_")
    return [zone for zone in _zones() if needle in zone.lower()][:limit]


def timezone_options(ack: Ack, payload: dict[str, Any], services: Services) -> None:
    zones = matching_zones(payload.get("value", ""))
    ack(options=[Option(value=zone, text=zone).to_dict() for zone in zones])



def register(app: App) -> None:
    app.options(Action.PICK_TIMEZONE)(timezone_options)
