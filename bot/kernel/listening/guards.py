"""Checks every modal submission gets before its listener: values a tampered client may send that no listener
should have to think about. An impossible date (`2026-02-30`, `99999-01-01`) is answered on its field."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from slack_bolt import App, BoltContext, BoltResponse

from bot.kernel import claims
from bot.kernel.i18n import t
from bot.kernel.listening.person import locale_of

log = logging.getLogger(__name__)

FIRST_YEAR, LAST_YEAR = 1900, 2999  # what Slack's date picker offers, with room to spare


def real_date(raw: object) -> bool:
    if not isinstance(raw, str):
        return False
    try:
        return FIRST_YEAR <= date.fromisoformat(raw).year <= LAST_YEAR and len(raw) == len("2026-05-10")
    except ValueError:
        return False


def bad_dates(view: dict[str, Any]) -> list[str]:
    """Block ids whose date picker carries something that is not a real date."""
    values = (view.get("state") or {}).get("values") or {}
    found = []
    for block_id, elements in values.items():
        for element in (elements or {}).values():
            if isinstance(element, dict) and element.get("selected_date") is not None \
                    and not real_date(element["selected_date"]):
                found.append(block_id)
    return found


def check_dates(body: dict[str, Any], context: BoltContext, next: Callable[[], None]) -> BoltResponse | None:
    if body.get("type") != "view_submission":
        return next()
    wrong = bad_dates(body.get("view") or {})
    if not wrong:
        return next()
    locale = locale_of(context, body, context["services"])
    errors = {block_id: t("form.error.bad_date", locale) for block_id in wrong}
    # A middleware that answers returns the response itself: no listener runs, so nothing is saved.
    return BoltResponse(status=200, body=json.dumps({"response_action": "errors", "errors": errors}),
                        headers={"content-type": "application/json;charset=utf-8"})


def once_per_event(body: dict[str, Any], context: BoltContext, next: Callable[[], None]) -> BoltResponse | None:
    """Slack resends an event it thinks we missed (same event_id, X-Slack-Retry-Num); act on each id once."""
    event_id = body.get("event_id") if body.get("type") == "event_callback" else None
    if not isinstance(event_id, str) or not event_id:
        return next()
    if not claims.first_event(context["services"], event_id):
        log.info("event %s already handled; Slack's retry acknowledged", event_id[:60])
        return BoltResponse(status=200, body="")
    return next()


def register(app: App) -> None:
    app.use(check_dates)
    app.use(once_per_event)
