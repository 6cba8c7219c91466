"""bot/kernel/listening/forms.submits_form: the one place a refused modal submission is answered (on its fields,
nothing saved); a failure after the ack goes on to reports_errors, which tells the user privately."""

from __future__ import annotations

from typing import Any

import pytest

from bot.kernel.errors import CampaignBotError, InvalidInput, NotAllowed
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.listening.forms import submits_form


class FakeAck:
    def __init__(self) -> None:
        self.response: dict[str, Any] | None = None

    def __call__(self, **kwargs: Any) -> None:
        self.response = kwargs


class FakeSlack:
    def __init__(self) -> None:
        self.ephemeral: list[str] = []

    def post_ephemeral(self, channel: str, user: str, *, text: str) -> None:
        self.ephemeral.append(text)

    def send_dm(self, user: str, *, text: str) -> None:
        self.ephemeral.append(text)


class FakeServices:
    def __init__(self) -> None:
        self.slack = FakeSlack()

    def locale_for(self, user_id: str) -> str:
        return "en"


BODY = {"type": "view_submission", "user": {"id": "U1"}, "view": {}}


def _run(listener: Any, view: dict[str, Any] | None = None) -> tuple[FakeAck, FakeServices]:
    ack, services = FakeAck(), FakeServices()
    listener(ack=ack, body=BODY, view=view or {}, services=services)
    return ack, services


def test_a_rejected_form_is_answered_on_each_field_in_words() -> None:
    @submits_form("name")
    def listener(ack: Any, body: Any, view: Any, services: Any) -> None:
        raise FormRejected([FieldError("budget", "form.error.too_long", {"limit": 80}),
                            FieldError("budget", "form.error.required")])

    ack, services = _run(listener)
    assert ack.response == {"response_action": "errors",
                            "errors": {"budget": "Please keep this under 80 characters."}}  # first per field
    assert services.slack.ephemeral == []


def test_any_other_refusal_is_said_on_the_named_field() -> None:
    @submits_form("name")
    def listener(ack: Any, body: Any, view: Any, services: Any) -> None:
        raise InvalidInput("campaigns.gone")

    ack, _ = _run(listener)
    assert ack.response == {"response_action": "errors", "errors": {"name": "That campaign no longer exists."}}


def test_the_field_may_depend_on_what_was_submitted() -> None:
    @submits_form(lambda view: "file" if view.get("file") else "text")
    def listener(ack: Any, body: Any, view: Any, services: Any) -> None:
        raise InvalidInput("campaigns.gone")

    assert set(_run(listener, {"file": True})[0].response["errors"]) == {"file"}  # type: ignore[index]
    assert set(_run(listener, {})[0].response["errors"]) == {"text"}  # type: ignore[index]


def test_a_refusal_may_be_answered_another_way() -> None:
    @submits_form(refusal=lambda text, locale: {"response_action": "update", "text": text})
    def listener(ack: Any, body: Any, view: Any, services: Any) -> None:
        raise CampaignBotError("campaigns.gone")

    assert _run(listener)[0].response == {"response_action": "update", "text": "That campaign no longer exists."}


def test_a_refusal_after_the_ack_is_told_privately() -> None:
    @submits_form("name")
    def listener(ack: Any, body: Any, view: Any, services: Any) -> None:
        ack()
        raise NotAllowed("error.not_allowed")

    ack, services = _run(listener)
    assert ack.response == {}  # the modal closed as acknowledged, not replaced by field errors
    assert len(services.slack.ephemeral) == 1


def test_an_unexpected_error_before_the_ack_is_left_to_bolt() -> None:
    @submits_form("name")
    def listener(ack: Any, body: Any, view: Any, services: Any) -> None:
        raise RuntimeError("bug")

    with pytest.raises(RuntimeError):
        _run(listener)
