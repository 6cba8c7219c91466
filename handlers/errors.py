"""The one place errors become words for the user: domain errors as a private note, the rest logged.

Bolt's `@app.error` covers errors raised before `ack()`. Errors raised after `ack()` need the
`reports_errors` wrapper too: Bolt's thread runner clears an acknowledgement whose listener then fails,
so a quick failure after `ack()` would turn Slack's 200 into "unhandled request" on the user's screen.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextlib import nullcontext
from typing import Any

from slack_bolt import App

from bot.errors import CampaignBotError
from bot.i18n import t
from bot.messages import render_error
from bot.services import Services, answering_in_time, watching_saves

log = logging.getLogger(__name__)

Listener = Callable[..., None]


def report_error(services: Services, error: Exception, body: dict[str, Any], *, saved: bool = False) -> None:
    """`saved`: a change of this request was committed before the failure, so the words must not say
    "nothing was changed"."""
    user_id = (body.get("user") or {}).get("id") or body.get("user_id")
    channel_id = (body.get("channel") or {}).get("id") or body.get("channel_id")
    locale = services.locale_for(user_id or "")
    if isinstance(error, CampaignBotError):
        text = render_error(error, locale)
        if saved:
            text = t("error.after_save.reason", locale, reason=text)
    else:
        log.error("unhandled error in a Slack listener", exc_info=error)
        text = t("error.after_save", locale) if saved else t("error.unexpected", locale)
    if not user_id:
        return
    try:
        if channel_id:
            services.slack.post_ephemeral(channel_id, user_id, text=text)
        else:
            services.slack.send_dm(user_id, text=text)
    except Exception:  # the user can't be told; the log is what remains
        log.exception("could not tell %s about an error", user_id)


def reports_errors(listener: Listener) -> Listener:
    """Wrap a listener that takes `ack`, `body` and `services`; failures after its ack reach the user privately."""

    @functools.wraps(listener)  # Bolt reads the wrapped listener's parameter names to know what to inject
    def wrapper(**kwargs: Any) -> None:
        # A modal submission is answered in the acknowledgement (field errors): it must not wait out a lock.
        in_time = answering_in_time() if kwargs["body"].get("type") == "view_submission" else nullcontext()
        with watching_saves() as saved, in_time:
            try:
                listener(**kwargs)
            except Exception as error:
                if kwargs["ack"].response is None:
                    if not saved:
                        raise  # not acknowledged yet: Bolt's error handler answers the request
                    kwargs["ack"]()  # the change is saved: close the modal, then say what happened
                report_error(kwargs["services"], error, kwargs["body"], saved=bool(saved))

    return wrapper


def on_error(error: Exception, body: dict[str, Any], services: Services) -> None:
    report_error(services, error, body)



def register(app: App) -> None:
    app.error(on_error)
