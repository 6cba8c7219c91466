"""The one place errors become words for the user: Bolt's `@app.error` answers what a listener raised before its
ack. The words themselves, and the wrappers for what comes after the ack, are in `bot/kernel/listening/forms.py`."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, BoltContext

from bot.kernel.listening.forms import report_error, reports_errors
from bot.kernel.services import Services

__all__ = ["on_error", "register", "report_error", "reports_errors"]


def on_error(error: Exception, body: dict[str, Any], services: Services, context: BoltContext) -> None:
    report_error(services, error, body, context=context)


def register(app: App) -> None:
    app.error(on_error)
