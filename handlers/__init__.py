"""Thin Slack listeners: translate payloads to domain calls, results to Block Kit.

Listeners are module-level functions. Each takes `services` like any other argument Bolt injects: a global
middleware puts the process's Services into the request context, and Bolt passes context keys by name.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt import App, BoltContext

from bot.services import Services
from handlers import (
    actions,
    adjustments,
    budget,
    commands,
    errors,
    feedback,
    guards,
    history,
    home,
    import_flow,
    incidents,
    options,
    readiness,
    reminder_settings,
    reports,
    review,
    risks,
    satisfaction,
    targets,
    tasks,
    views,
)

MODULES = (errors, guards, commands, actions, views, options, import_flow, tasks, reminder_settings, reports, incidents,
           history, review, budget, home, targets, risks, satisfaction, feedback, readiness, adjustments)


def register_listeners(app: App, services: Services) -> None:
    def provide_services(context: BoltContext, next: Callable[[], None]) -> None:
        context["services"] = services
        next()

    app.use(provide_services)
    for module in MODULES:
        module.register(app)
