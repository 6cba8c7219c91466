"""`/campaign <sub-command>`, the router: each sub-command's listener lives with its feature's buttons and modals; a
refusal is answered in the acknowledgement, so replies are instant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View

from bot.campaigns.rules.command_words import canonical_subcommand
from bot.card.blocks.list import help_blocks, help_text
from bot.kernel.errors import CampaignBotError
from bot.kernel.ids import SLASH_COMMAND
from bot.kernel.listening.forms import answers_in_ack, open_modal
from bot.kernel.messages import render_error
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from handlers.campaigns import help_command, list_command, new_command, status_command
from handlers.export import export_campaign
from handlers.feedback import feedback_command
from handlers.history import history_command
from handlers.imports import open_import
from handlers.incidents import incident_command
from handlers.language import language_command
from handlers.plan import budget_command, risks_command, targets_command
from handlers.readiness import checklist_command
from handlers.reports import open_report
from handlers.review import compare_command, summary_command
from handlers.tasks import tasks_command

# (services, the command's payload, the text after the sub-command, ack, actor, locale) → a modal to open, or None
# when the sub-command answered in the ack.
SubCommand = Callable[[Services, dict[str, Any], str, Ack, Actor, str], "View | None"]


def parse_subcommand(text: str) -> tuple[str, str]:
    """`"status  Spring Sale"` → `("status", "Spring Sale")`; the sub-command is case-insensitive."""
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "help", ""
    return canonical_subcommand(parts[0].lower()), parts[1] if len(parts) > 1 else ""


@answers_in_ack  # the answer is the acknowledgement; what fails after it is told privately
def campaign_command(ack: Ack, command: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    sub, rest = parse_subcommand(command.get("text", ""))
    handler = SUBCOMMANDS.get(sub)
    if handler is None:
        ack(text=help_text(locale, unknown=sub), blocks=help_blocks(locale, unknown=sub))
        return
    try:
        view = handler(services, command, rest, ack, actor, locale)
    except CampaignBotError as error:
        if ack.response is not None:
            raise  # acknowledged already ("Posting the review…"): a second answer would be lost
        ack(text=render_error(error, locale))
        return
    if view is not None:
        open_modal(services, ack, command, view)



SUBCOMMANDS: dict[str, SubCommand] = {
    "new": new_command,
    "list": list_command,
    "status": status_command,
    "import": open_import,
    "report": open_report,
    "export": export_campaign,
    "tasks": tasks_command,
    "incident": incident_command,
    "summary": summary_command,
    "budget": budget_command,
    "targets": targets_command,
    "risks": risks_command,
    "compare": compare_command,
    "history": history_command,
    "language": language_command,
    "feedback": feedback_command,
    "checklist": checklist_command,
    "help": help_command,
}


def register(app: App) -> None:
    app.command(SLASH_COMMAND)(campaign_command)
