"""Thin Slack listeners: translate payloads to domain calls, results to Block Kit."""

from __future__ import annotations

from slack_bolt import App

from bot.services import Services
from handlers import (
    actions,
    commands,
    errors,
    import_flow,
    incidents,
    options,
    reminder_settings,
    reports,
    tasks,
    views,
)


def register_listeners(app: App, services: Services) -> None:
    errors.register(app, services)
    commands.register(app, services)
    actions.register(app, services)
    views.register(app, services)
    options.register(app, services)
    import_flow.register(app, services)
    tasks.register(app, services)
    reminder_settings.register(app, services)
    reports.register(app, services)
    incidents.register(app, services)
