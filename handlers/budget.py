"""`/campaign budget` and the Budget lines button: the planned amount of each budget line (预算明细)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.metadata import ModalMetadata
from bot.blocks.review_blocks import budget_modal, read_budget
from bot.domain.budget_lines import BudgetLine, field_of
from bot.ids import Action, View
from bot.services import Services
from bot.usecases import budget_planning
from bot.usecases.budget_service import BudgetContext
from handlers.forms import actor_of, campaign_id_of, reports_errors, submission_key, submits_form


def budget_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py) A refusal is answered in the acknowledgement."""
    context = budget_planning.context_named(services, reference=rest, channel_id=command.get("channel_id"),
                                            actor=actor_of(services, command))
    ack()
    services.slack.open_view(command["trigger_id"], _modal(context, locale))


@reports_errors
def open_budget(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    context = budget_planning.context_of(services, campaign_id=campaign_id_of(body), actor=actor_of(services, body))
    services.slack.open_view(body["trigger_id"], _modal(context, services.locale_for(body["user"]["id"])))


def _modal(context: BudgetContext, locale: str) -> Any:
    return budget_modal(name=context.name, budget=context.budget, reserve=context.reserve, planned=context.plan,
                        metadata=ModalMetadata(campaign_id=context.campaign_id).dump(), locale=locale)


@submits_form(field_of(BudgetLine.MATERIALS))  # no longer allowed, closed or gone since the modal opened
def save_budget(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    budget_planning.save_plan(services, campaign_id=ModalMetadata.load(view.get("private_metadata")).campaign_id or 0,
                              texts=read_budget(view), submission=submission_key(view),
                              actor=actor_of(services, body), locale=services.locale_for(body["user"]["id"]),
                              answer=ack)


def register(app: App) -> None:
    app.action(Action.OPEN_BUDGET)(open_budget)
    app.view(View.BUDGET_LINES)(save_budget)
