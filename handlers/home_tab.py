"""Publishing a person's App Home tab; shared by the Home listeners and by buttons that also appear on it."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError

from bot.blocks.home_blocks import LIMITS, home_view
from bot.services import Services
from bot.usecases.home_service import gather_home
from handlers.forms import team_of

log = logging.getLogger(__name__)


def publish_home(services: Services, *, user_id: str, team_id: str) -> None:
    with services.unit_of_work() as session:
        data = gather_home(session=session, team_id=team_id, user_id=user_id, limits=LIMITS,
                           now=services.clock.now())
    services.slack.publish_home(user_id, home_view(data, services.locale_for(user_id), services.clock.now()))


def refresh_if_home(services: Services, body: dict[str, Any]) -> None:
    """After a click on the Home tab, show its new state there (best effort: the change is saved already)."""
    if (body.get("view") or {}).get("type") != "home":
        return
    try:
        publish_home(services, user_id=body["user"]["id"], team_id=team_of(body))
    except SlackApiError as error:
        log.warning("could not refresh the home tab of %s: %s", body["user"]["id"], error.response.get("error"))
