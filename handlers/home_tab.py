"""Publishing a person's App Home tab; shared by the Home listeners and by buttons that also appear on it."""

from __future__ import annotations

from typing import Any

from bot.services import Services
from bot.usecases import home_service
from handlers.forms import team_of


def publish_home(services: Services, *, user_id: str, team_id: str) -> None:
    home_service.publish_home(services, user_id=user_id, team_id=team_id)


def refresh_if_home(services: Services, body: dict[str, Any]) -> None:
    """After a click on the Home tab, show its new state there (best effort: the change is saved already)."""
    if (body.get("view") or {}).get("type") == "home":
        home_service.refresh_home(services, user_id=body["user"]["id"], team_id=team_of(body))
