"""bot/kernel/listening/person.py: listeners take `actor` and `locale` by name; the actor costs nothing, the locale is
looked up only for a listener that takes it, when it runs (after the ack of a click), and once per request."""

from __future__ import annotations

from typing import Any

from slack_bolt.util.utils import get_arg_names_of_callable

from bot.kernel.errors import InvalidInput
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.listening.forms import acks_first, answers_in_ack, open_modal, opens_modal, submits_form
from bot.kernel.listening.person import ACTOR, Person, provide_person, user_of
from bot.kernel.policy import Actor

CLICK = {"type": "block_actions", "user": {"id": "U1", "team_id": "T1"}, "team": {"id": "T1"}, "trigger_id": "tr-1",
         "channel": {"id": "C1"}}
SUBMISSION = {"type": "view_submission", "user": {"id": "U1"}, "team": {"id": "T1"}, "view": {}}


class FakeAck:
    def __init__(self, log: list[str]) -> None:
        self.response: dict[str, Any] | None = None
        self._log = log

    def __call__(self, **kwargs: Any) -> None:
        self._log.append("ack")
        self.response = kwargs


class FakeSlack:
    def __init__(self, log: list[str]) -> None:
        self._log = log

    def open_view(self, trigger_id: str, view: Any) -> None:
        self._log.append(f"open {trigger_id} {view}")

    def post_ephemeral(self, channel: str, user: str, *, text: str) -> None:
        self._log.append(f"tell {user}")


class FakeDirectory:
    def __init__(self, log: list[str]) -> None:
        self._log = log

    def actor(self, user_id: str, team_id: str | None) -> Actor:
        def is_admin() -> bool:
            self._log.append("users.info")
            return False

        return Actor(user_id, is_admin=is_admin, team_id=team_id)


class FakeServices:
    def __init__(self, log: list[str]) -> None:
        self.slack = FakeSlack(log)
        self.directory = FakeDirectory(log)
        self._log = log

    def locale_for(self, user_id: str) -> str:
        self._log.append(f"locale {user_id}")
        return "en"


def _request(body: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """What Bolt would hand a listener of `body` after the middleware ran."""
    log: list[str] = []
    services = FakeServices(log)
    context: dict[str, Any] = {"services": services}
    provide_person(body, context, lambda: None)  # type: ignore[arg-type]
    return log, {"ack": FakeAck(log), "body": body, "services": services, "context": context,
                 **({ACTOR: context[ACTOR]} if ACTOR in context else {})}


def _bolt_call(listener: Any, kwargs: dict[str, Any]) -> Any:
    """Call `listener` as Bolt does: with what its parameter names ask for, and nothing else."""
    return listener(**{name: kwargs.get(name) for name in get_arg_names_of_callable(listener)})


def test_the_actor_is_the_person_of_the_request_and_asks_nobody() -> None:
    log, kwargs = _request(CLICK)
    actor = kwargs[ACTOR]
    assert (actor.user_id, actor.team_id) == ("U1", "T1")
    assert log == []  # no users.info and no locale for building it
    assert actor.is_admin is False and actor.is_admin is False
    assert log == ["users.info"]  # asked when a rule needs it, once per request


def test_a_request_without_a_person_gets_no_actor_and_goes_on() -> None:
    went_on: list[bool] = []
    for body in ({"type": "event_callback", "event": {"type": "app_uninstalled"}}, {"type": "url_verification"}):
        context: dict[str, Any] = {"services": FakeServices([])}
        provide_person(body, context, lambda: went_on.append(True))  # type: ignore[arg-type]
        assert ACTOR not in context
    assert went_on == [True, True]
    assert user_of({"user_id": "U2"}) == "U2" and user_of({"user": "U3"}) == ""


def test_bolt_hands_the_decorated_listeners_ack_and_context_but_never_the_locale() -> None:
    @acks_first
    def listener(body: Any, actor: Any, locale: str) -> None:
        pass

    names = get_arg_names_of_callable(listener)
    assert set(names) == {"body", "actor", "ack", "services", "context"}


def test_a_click_is_acknowledged_before_its_locale_is_looked_up() -> None:
    seen: list[tuple[Actor, str]] = []

    @acks_first
    def listener(actor: Actor, locale: str) -> None:
        seen.append((actor, locale))

    log, kwargs = _request(CLICK)
    _bolt_call(listener, kwargs)
    assert log == ["ack", "locale U1"]
    assert seen == [(kwargs[ACTOR], "en")]


def test_a_listener_that_does_not_take_the_locale_never_looks_it_up() -> None:
    @acks_first
    def listener(actor: Actor) -> None:
        pass

    log, kwargs = _request(CLICK)
    _bolt_call(listener, kwargs)
    assert log == ["ack"]


def test_the_locale_is_looked_up_once_per_request() -> None:
    @acks_first
    def listener(locale: str) -> None:
        raise InvalidInput("campaigns.gone")  # after the ack: told privately, in the same locale

    log, kwargs = _request(CLICK)
    _bolt_call(listener, kwargs)
    assert log == ["ack", "locale U1", "tell U1"]


def test_a_form_gets_its_locale_before_it_answers_in_the_ack() -> None:
    @submits_form("name")
    def listener(ack: Any, view: Any, locale: str) -> None:
        raise FormRejected([FieldError("name", "form.error.required")])

    log, kwargs = _request(SUBMISSION)
    _bolt_call(listener, kwargs)
    assert log == ["locale U1", "ack"]
    assert kwargs["ack"].response["response_action"] == "errors"


def test_a_modal_opens_with_the_clicks_trigger_after_the_ack() -> None:
    @opens_modal
    def listener(actor: Actor, locale: str) -> str:
        return f"view for {actor.user_id} in {locale}"

    @opens_modal
    def nothing(actor: Actor) -> None:
        return None

    log, kwargs = _request(CLICK)
    _bolt_call(listener, kwargs)
    assert log == ["ack", "locale U1", "open tr-1 view for U1 in en"]
    log, kwargs = _request(CLICK)
    _bolt_call(nothing, kwargs)
    assert log == ["ack"]


def test_open_modal_acknowledges_only_what_nobody_has() -> None:
    log: list[str] = []
    services, ack = FakeServices(log), FakeAck(log)
    open_modal(services, ack, {"trigger_id": "tr-2"}, "view")  # type: ignore[arg-type]
    open_modal(services, ack, {"trigger_id": "tr-3"}, "view")  # type: ignore[arg-type]
    assert log == ["ack", "open tr-2 view", "open tr-3 view"]


def test_a_listener_answering_in_the_ack_gets_its_locale_first() -> None:
    @answers_in_ack
    def listener(ack: Any, locale: str) -> None:
        ack(text=locale)

    log, kwargs = _request({"command": "/campaign", "user_id": "U1", "team_id": "T1"})
    _bolt_call(listener, kwargs)
    assert log == ["locale U1", "ack"]


def test_called_without_the_middleware_the_locale_is_still_found() -> None:
    log: list[str] = []
    services = FakeServices(log)

    @acks_first
    def listener(locale: str) -> None:
        log.append(locale)

    listener(ack=FakeAck(log), body=CLICK, services=services)
    assert log == ["ack", "locale U1", "en"]
    assert isinstance(Person(services, CLICK).actor, Actor)  # type: ignore[arg-type]
