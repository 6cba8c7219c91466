"""Thin Slack listeners: translate payloads to domain calls, results to Block Kit.

Listeners are module-level functions. Each takes `services` like any other argument Bolt injects: a global
middleware puts the process's Services into the request context, and Bolt passes context keys by name. So with
the person acting: `actor` and `locale` (bot/kernel/listening/person.py).
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext

from bot.kernel.listening import errors, guards, person
from bot.kernel.services import Services
from handlers import (
    adjustments,
    campaigns,
    feedback,
    history,
    home,
    imports,
    incidents,
    plan,
    readiness,
    reminders,
    reports,
    review,
    router,
    signoff,
    tasks,
)

# The person first (`actor`, `locale`: bot/kernel/listening/person.py), then errors and guards: every listener
# after them relies on their checks. The sub-commands of export and language have no buttons or modals: the router
# wires them.
MODULES = (person, errors, guards, router, campaigns, signoff, imports, tasks, reminders, reports, incidents, history,
           review, plan, home, feedback, readiness, adjustments)


def register_listeners(app: App, services: Services) -> None:
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context["services"] = services
        next()

    app.use(provide_services)
    for module in MODULES:
        module.register(app)
