"""`/campaign <sub-command>`, the router: each sub-command's listener lives with its buttons and modals; a refusal
is answered in the acknowledgement, so replies are instant."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, App

from bot.blocks.campaign_list import help_blocks, help_text
from bot.blocks.campaign_modal import new_campaign_view
from bot.domain.command_words import canonical_subcommand
from bot.errors import CampaignBotError
from bot.i18n import t
from bot.ids import SLASH_COMMAND
from bot.messages import render_error
from bot.services import Services
from bot.usecases import campaign_flows
from handlers.budget import budget_command
from handlers.compare import compare_command
from handlers.export import export_campaign
from handlers.feedback import feedback_command
from handlers.forms import actor_of, reports_errors
from handlers.history import history_command
from handlers.import_flow import open_import
from handlers.incidents import incident_command
from handlers.language import language_command
from handlers.readiness import checklist_command
from handlers.reports import open_report
from handlers.review import summary_command
from handlers.risks import risks_command
from handlers.targets import targets_command
from handlers.tasks import tasks_command

SubCommand = Callable[[Services, dict[str, Any], str, Ack, str], None]


def parse_subcommand(text: str) -> tuple[str, str]:
    """`"status  Spring Sale"` → `("status", "Spring Sale")`; the sub-command is case-insensitive."""
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "help", ""
    return canonical_subcommand(parts[0].lower()), parts[1] if len(parts) > 1 else ""


@reports_errors  # what fails after the acknowledgement (a review being drawn, a workbook) is told privately
def campaign_command(ack: Ack, command: dict[str, Any], body: dict[str, Any], services: Services) -> None:
    sub, rest = parse_subcommand(command.get("text", ""))
    locale = services.locale_for(command["user_id"])
    handler = SUBCOMMANDS.get(sub)
    if handler is None:
        ack(text=help_text(locale, unknown=sub), blocks=help_blocks(locale, unknown=sub))
        return
    try:
        handler(services, command, rest, ack, locale)
    except CampaignBotError as error:
        if ack.response is not None:
            raise  # acknowledged already ("Posting the review…"): a second answer would be lost
        ack(text=render_error(error, locale))


def _new(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    ack()  # the modal must open within 3 s of the trigger; acknowledge first, then open it
    view = new_campaign_view(
        locale, timezone=services.directory.time_zone(command["user_id"], services.settings.default_timezone),
        owner_id=command["user_id"],
        channel_id=command.get("channel_id"),
        name=rest.strip(),  # `/campaign new Spring Sale` pre-fills the name
    )
    services.slack.open_view(command["trigger_id"], view)


def _list(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    blocks = campaign_flows.live_list(services, actor=actor_of(services, command), locale=locale)
    ack(text=t("list.title", locale), blocks=blocks)


def _status(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    shown = campaign_flows.status(services, actor=actor_of(services, command), reference=rest,
                                  channel_id=command.get("channel_id"), locale=locale)
    ack(text=shown.text, blocks=shown.blocks)


def _help(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    ack(text=help_text(locale), blocks=help_blocks(locale))


SUBCOMMANDS: dict[str, SubCommand] = {
    "new": _new,
    "list": _list,
    "status": _status,
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
    "help": _help,
}


def register(app: App) -> None:
    app.command(SLASH_COMMAND)(campaign_command)
