"""`/campaign budget` and the Budget lines button: the planned amount of each budget line (预算明细)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot import formatting
from bot.blocks.metadata import ModalMetadata
from bot.blocks.review_blocks import budget_modal, read_budget
from bot.blocks.review_lines import line_name
from bot.blocks.text import Mrkdwn, join, mention, safe_text
from bot.domain.budget_lines import BudgetLine, check_budget_plan, field_of
from bot.errors import CampaignBotError
from bot.i18n import t
from bot.ids import Action, View
from bot.messages import render_error
from bot.services import Services
from bot.slack import outbox
from bot.usecases import budget_service, campaign_service
from bot.usecases.campaign_service import FormRejected
from handlers.errors import reports_errors
from handlers.forms import actor_of, campaign_id_of, field_errors, first_submission, team_of


def budget_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py) A refusal is answered in the acknowledgement."""
    team_id = team_of(command)
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(session=session, team_id=team_id, reference=rest,
                                                     channel_id=command.get("channel_id"), sub="budget")
        context = budget_service.budget_context(session=session, campaign_id=campaign.id or 0, team_id=team_id,
                                                actor=actor_of(services, command))
    ack()
    services.slack.open_view(command["trigger_id"], _modal(context, locale))


@reports_errors
def open_budget(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    user_id = body["user"]["id"]
    with services.unit_of_work() as session:
        context = budget_service.budget_context(session=session, campaign_id=campaign_id_of(body),
                                                team_id=team_of(body), actor=actor_of(services, body))
    services.slack.open_view(body["trigger_id"], _modal(context, services.locale_for(user_id)))


def _modal(context: budget_service.BudgetContext, locale: str) -> Any:
    return budget_modal(name=context.name, budget=context.budget, reserve=context.reserve, planned=context.plan,
                        metadata=ModalMetadata(campaign_id=context.campaign_id).dump(), locale=locale)


@reports_errors
def save_budget(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    user_id = body["user"]["id"]
    locale = services.locale_for(user_id)
    campaign_id = ModalMetadata.load(view.get("private_metadata")).campaign_id or 0
    now = services.clock.now()
    try:
        with services.unit_of_work() as session:
            actor = actor_of(services, body)
            context = budget_service.budget_context(session=session, campaign_id=campaign_id, team_id=team_of(body),
                                                    actor=actor)
            plan, errors = check_budget_plan(read_budget(view), budget=context.budget)
            if plan is None:
                raise FormRejected(errors)  # before the claim below, so the corrected submission is not "a repeat"
            if not first_submission(session, view, now):
                ack()  # the same submission again (a double-click, a replay): the first one saved the plan
                return
            campaign = budget_service.set_budget_plan(session=session, campaign_id=campaign_id, team_id=team_of(body),
                                                      plan=plan, actor=actor, now=now)
            lines = join(", ", (safe_text("budget.saved.line", locale, line=line_name(line, locale),
                                          amount=formatting.money(amount, locale)) for line, amount in plan.items()))
            note = outbox.one_off_key("budget_note")
            outbox.enqueue(session, key=note, kind="budget_note", channel=campaign.channel_id, now=now,
                           campaign_id=campaign.id,
                           text=safe_text("budget.saved", locale, actor=mention(user_id), name=campaign.name,
                                          lines=lines or Mrkdwn(t("budget.saved.none", locale))))
    except FormRejected as rejected:
        ack(response_action="errors", errors=field_errors(rejected.errors, locale))
        return
    except CampaignBotError as error:  # no longer allowed, closed or gone since the modal opened
        ack(response_action="errors", errors={field_of(BudgetLine.MATERIALS): render_error(error, locale)})
        return
    ack()
    outbox.deliver(services, [note])


def register(app: App) -> None:
    app.action(Action.OPEN_BUDGET)(open_budget)
    app.view(View.BUDGET_LINES)(save_budget)
