"""What listeners share: how they are acknowledged, a refused form answered on its fields, failures after the ack
told privately, modals opened, and ids read back from clicks.

A listener parses the payload, calls one use case and answers. It is one of: `submits_form` (a modal submission),
`acks_first` (a click, acknowledged before it runs), `opens_modal` (a click that opens the modal it returns) or
`answers_in_ack` (the slash command). Each takes `actor` and `locale` by name like anything else Bolt hands
(bot/kernel/listening/person.py). Whatever the use case refuses reaches the user through `submits_form`
(`response_action: errors` on the fields, nothing saved) or `reports_errors` (after the ack: a private note), so
no listener catches a domain error itself.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from contextlib import nullcontext
from datetime import date
from decimal import Decimal
from typing import Any

from slack_sdk.models.views import View

from bot.kernel import formatting
from bot.kernel.blockkit.metadata import MAX_ID, parse_id
from bot.kernel.errors import CampaignBotError, InvalidInput
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.i18n import t
from bot.kernel.listening.person import handing, locale_of, team_of, user_of
from bot.kernel.logs import error_summary
from bot.kernel.messages import render_error
from bot.kernel.services import Services, answering_in_time, watching_saves

__all__ = ["MAX_ID", "acks_first", "answers_in_ack", "campaign_id_of", "clicked_id", "field_errors",
           "incident_id_of", "open_modal", "opens_modal", "parse_id", "report_error", "reports_errors", "submits_form",
           "task_id_of", "team_of"]

log = logging.getLogger(__name__)

Listener = Callable[..., Any]  # what an `opens_modal` listener returns is the view to open
# How a refusal other than field errors is answered: (the error in words, locale) → the keyword arguments of ack().
Refusal = Callable[[str, str], dict[str, Any]]


def report_error(services: Services, error: Exception, body: dict[str, Any], *, saved: bool = False,
                 context: dict[str, Any] | None = None) -> None:
    """`saved`: a change of this request was committed before the failure, so the words must not say
    "nothing was changed". `context`: the request's, whose person's locale may be known already."""
    user_id = user_of(body)
    channel_id = (body.get("channel") or {}).get("id") or body.get("channel_id")
    locale = locale_of(context, body, services)
    if isinstance(error, CampaignBotError):
        text = render_error(error, locale)
        if saved:
            text = t("error.after_save.reason", locale, reason=text)
    else:
        # The error's kind and place, not its message or traceback text: those may quote what a person typed
        # (openpyxl's IllegalCharacterError quotes the whole cell, a database error its parameters).
        log.error("unhandled error in a Slack listener: %s", error_summary(error))
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
    """Wrap a listener that takes `ack`, `body` and `services`; failures after its ack reach the user privately.

    Bolt's `@app.error` covers errors raised before `ack()`. Errors raised after `ack()` need this wrapper: Bolt's
    thread runner clears an acknowledgement whose listener then fails, so a quick failure after `ack()` would turn
    Slack's 200 into "unhandled request" on the user's screen."""

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
                report_error(kwargs["services"], error, kwargs["body"], saved=bool(saved),
                             context=kwargs.get("context"))

    return wrapper


def _refusal_answer(error: FormRejected | CampaignBotError, kwargs: dict[str, Any],
                    field: str | Callable[[dict[str, Any]], str] | None, refusal: Refusal | None) -> dict[str, Any]:
    locale = locale_of(kwargs.get("context"), kwargs["body"], kwargs["services"])
    if isinstance(error, FormRejected):
        return {"response_action": "errors", "errors": field_errors(error.errors, locale)}
    if refusal is not None:
        return refusal(render_error(error, locale), locale)
    block = field(kwargs["view"]) if callable(field) else field
    assert block is not None, "a form listener names the field its refusals are shown on"
    return {"response_action": "errors", "errors": {block: render_error(error, locale)}}


def submits_form(field: str | Callable[[dict[str, Any]], str] | None = None, *,
                 refusal: Refusal | None = None) -> Callable[[Listener], Listener]:
    """A modal submission's listener (taking `ack`, `view` and whatever else Bolt hands, `actor` and `locale`
    among them), whose refusals are answered on the form before it is acknowledged: a `FormRejected` on its own
    fields; any other domain error (closed, no longer allowed, the database busy) on `field` (a block id, or a
    function of the view naming one), or as `refusal` says. Nothing was saved: the use case's transaction rolled
    back. After the ack, `reports_errors` takes over."""

    def decorate(listener: Listener) -> Listener:
        def answering(kwargs: dict[str, Any], call: Callable[[], Any]) -> None:
            ack = kwargs["ack"]
            try:
                call()
            except (FormRejected, CampaignBotError) as error:
                if ack.response is not None:
                    raise  # acknowledged already: reports_errors tells the user privately
                ack(**_refusal_answer(error, kwargs, field, refusal))

        return reports_errors(handing(listener, answering))

    return decorate


def acks_first(listener: Listener) -> Listener:
    """A click's listener: the request is acknowledged before the listener runs (Slack wants it within 3 s), so
    the listener takes no `ack`; `locale` is looked up after the ack. What fails reaches the user privately."""

    def acknowledged(kwargs: dict[str, Any], call: Callable[[], Any]) -> None:
        kwargs["ack"]()
        call()

    return reports_errors(handing(listener, acknowledged))


def opens_modal(listener: Listener) -> Listener:
    """A click that opens a modal: acknowledged first (`acks_first`), then the view the listener returns opened
    with the click's trigger, which Slack honours for 3 s. A listener returning None opens nothing."""

    def opening(kwargs: dict[str, Any], call: Callable[[], Any]) -> None:
        kwargs["ack"]()
        view = call()
        if view is not None:
            open_modal(kwargs["services"], kwargs["ack"], kwargs["body"], view)

    return reports_errors(handing(listener, opening))


def answers_in_ack(listener: Listener) -> Listener:
    """A listener whose answer is its acknowledgement (the slash command): `locale` is looked up before it runs;
    a failure before the ack is Bolt's error handler's to say, one after it (a review being drawn, a workbook)
    reaches the person privately."""
    return reports_errors(handing(listener, lambda kwargs, call: call()))


def open_modal(services: Services, ack: Callable[..., Any], body: dict[str, Any], view: View | dict[str, Any]) -> None:
    """Open `view` with the request's trigger (a command's or a click's), acknowledging the request first if
    nothing has: a trigger is good for 3 s, and Slack shows no modal for an unacknowledged request."""
    if getattr(ack, "response", None) is None:
        ack()
    services.slack.open_view(body["trigger_id"], view)


def field_errors(errors: list[FieldError], locale: str) -> dict[str, str]:
    """`response_action: errors` answer: the first message per field; dates, amounts of money (Decimal) and
    phases in the reader's words."""
    messages: dict[str, str] = {}
    for error in errors:
        params = {name: _param(value, locale) for name, value in error.params.items()}
        if "before" in params:
            params["before"] = t(f"campaigns.phase.{params['before']}", locale)
        messages.setdefault(error.field, t(error.key, locale, **params))
    return messages


def _param(value: object, locale: str) -> object:
    if isinstance(value, date):
        return formatting.day(value, locale)
    if isinstance(value, Decimal):
        return formatting.money(value, locale)
    return value


def submission_key(view: dict[str, Any]) -> str:
    """What makes a modal submission the same one again: its view (a view closes once it was saved)."""
    return f"view:{str(view.get('id') or '')[:60]}:{str(view.get('callback_id') or '')[:60]}"


def clicked_id(body: dict[str, Any], gone_key: str) -> int:
    """The id in the clicked button's value; a tampered or stale value is answered with `gone_key`."""
    actions = body.get("actions") or [{}]
    number = parse_id(actions[0].get("value", ""))
    if number is None:
        raise InvalidInput(gone_key)
    return number


def campaign_id_of(body: dict[str, Any]) -> int:
    return clicked_id(body, "campaigns.gone")


def task_id_of(body: dict[str, Any]) -> int:
    return clicked_id(body, "tasks.gone")


def incident_id_of(body: dict[str, Any]) -> int:
    return clicked_id(body, "incidents.gone")
