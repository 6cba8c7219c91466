"""Who a request comes from, handed to listeners by name: `actor` and `locale`.

`provide_person`, a global middleware, reads the person from the payload once: a command's `user_id`, an
interaction's `user.id` (an event carries its people inside the event and gets neither).

- `actor` (bot.kernel.policy.Actor) goes into Bolt's context, so Bolt passes it to every listener that names it.
  Building it asks nobody: its admin flag is asked of Slack (users.info, cached by the directory) the first time a
  rule needs it, and then kept for the request.
- `locale` may cost a database read (the person's own choice) and users.info, so it is looked up only for a
  listener that takes it, when that listener runs, and once per request: the listener decorators of
  `bot.kernel.listening.forms` hand it over (`handing`). A listener that acknowledges first gets it after its ack,
  as before; one that answers in the ack (a form, the router), before.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltContext

from bot.kernel.policy import Actor
from bot.kernel.services import Services

__all__ = ["ACTOR", "LOCALE", "Person", "actor_of", "handing", "locale_of", "provide_person", "register", "team_of",
           "user_of"]

ACTOR, LOCALE = "actor", "locale"
_PERSON = "campaignbot_person"  # the context key of the request's Person; Bolt hands it to nobody
# What the decorators' wrappers need from Bolt besides what the listener itself names.
_WRAPPER_NEEDS = ("ack", "body", "services", "context")

Listener = Callable[..., Any]
# How a decorator runs its listener: (Bolt's keyword arguments, the call of the listener) → what the listener returns.
Run = Callable[[dict[str, Any], Callable[[], Any]], Any]


def user_of(body: dict[str, Any]) -> str:
    """The person a command or an interaction comes from; "" for an event or anything without one."""
    user = body.get("user")
    user_id = body.get("user_id") or (user.get("id") if isinstance(user, dict) else None)
    return str(user_id or "")


def team_of(body: dict[str, Any]) -> str:
    """The workspace a request came from: `team_id` (commands, events) or `team.id` (interactions)."""
    return str(body.get("team_id") or (body.get("team") or {}).get("id")
               or (body.get("user") or {}).get("team_id") or "")


def actor_of(services: Services, body: dict[str, Any]) -> Actor:
    """Who is acting, and in which workspace: every lookup the use cases make is scoped to that workspace."""
    return services.directory.actor(user_of(body), team_of(body))


class Person:
    """The person of one request: the actor at once, the locale when first asked for."""

    def __init__(self, services: Services, body: dict[str, Any]) -> None:
        self.actor = actor_of(services, body)
        self._services = services

    @functools.cached_property
    def locale(self) -> str:
        return self._services.locale_for(self.actor.user_id)


def provide_person(body: dict[str, Any], context: BoltContext, next: Callable[[], None]) -> None:
    if user_of(body):
        person = Person(context["services"], body)
        context[_PERSON] = person
        context[ACTOR] = person.actor
    next()


def locale_of(context: dict[str, Any] | None, body: dict[str, Any], services: Services) -> str:
    """The locale of the request's person, looked up once per request; the default one when there is no person.
    Without the middleware's Person (a listener called directly), asked of `services` each time."""
    person = (context or {}).get(_PERSON)
    return person.locale if isinstance(person, Person) else services.locale_for(user_of(body))


def handing(listener: Listener, run: Run) -> Listener:
    """`listener` as Bolt should call it: Bolt passes the wrapper what the listener names (but `locale`, which Bolt
    does not know) and what the wrapper needs (`ack`, `body`, `services`, `context`); `run(kwargs, call)` decides
    what happens around `call()`, which looks up the `locale` if the listener takes it and calls the listener."""
    names = tuple(inspect.signature(listener).parameters)

    @functools.wraps(listener)
    def wrapper(**kwargs: Any) -> Any:
        def call() -> Any:
            given = {name: kwargs[name] for name in names if name != LOCALE}
            if LOCALE in names:
                given[LOCALE] = locale_of(kwargs.get("context"), kwargs["body"], kwargs["services"])
            return listener(**given)

        return run(kwargs, call)

    # Bolt reads the parameter names of the innermost function (inspect.unwrap): this wrapper's own, not the
    # listener's, so that it gets `ack` and `context` even when the listener does not name them.
    del wrapper.__wrapped__
    asked = [name for name in names if name != LOCALE] + [name for name in _WRAPPER_NEEDS if name not in names]
    wrapper.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD) for name in asked])
    return wrapper


def register(app: App) -> None:
    app.use(provide_person)
