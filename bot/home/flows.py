"""The App Home tab as a listener asks for it: published again after a click made on it."""

from __future__ import annotations

from typing import Any

from bot.home import service as home_service
from bot.kernel.listening.forms import team_of
from bot.kernel.services import Services


def refresh_if_home(services: Services, body: dict[str, Any]) -> None:
    """After a click on the Home tab, show its new state there (best effort: the change is saved already)."""
    if (body.get("view") or {}).get("type") == "home":
        home_service.refresh_home(services, user_id=body["user"]["id"], team_id=team_of(body))
