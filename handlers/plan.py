"""The plan in Slack: `/campaign budget` and the Budget lines button (预算明细), `/campaign targets` (目标) and its
modal, `/campaign risks` (风险预案) and its register."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App
from slack_sdk.models.views import View as SlackView

from bot.campaigns.rules.campaign import Metric
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import InvalidInput
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import acks_first, campaign_id_of, clicked_id, opens_modal, submission_key, submits_form
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.plan.blocks.risks import edit_modal, read_risk_form, register_modal
from bot.plan.blocks.targets_modal import read_targets, stored_form, targets_modal
from bot.plan.flows import budget as budget_planning
from bot.plan.flows import risks as risk_register
from bot.plan.flows import targets as target_setting
from bot.plan.rules.budget_lines import BudgetLine, field_of
from bot.plan.rules.targets import total_field
from bot.plan.service.budget import BudgetContext
from bot.review.blocks.message import budget_modal, read_budget


def budget_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                   locale: str) -> SlackView:
    """(wired into handlers/router.py) A refusal is answered in the acknowledgement."""
    context = budget_planning.context_named(services, reference=rest, channel_id=command.get("channel_id"),
                                            actor=actor)
    return _modal(context, locale)


@opens_modal
def open_budget(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    return _modal(budget_planning.context_of(services, campaign_id=campaign_id_of(body), actor=actor), locale)


def _modal(context: BudgetContext, locale: str) -> SlackView:
    return budget_modal(name=context.name, budget=context.budget, reserve=context.reserve, planned=context.plan,
                        metadata=ModalMetadata(campaign_id=context.campaign_id).dump(), locale=locale)


@submits_form(field_of(BudgetLine.MATERIALS))  # no longer allowed, closed or gone since the modal opened
def save_budget(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    budget_planning.save_plan(services, campaign_id=ModalMetadata.load(view.get("private_metadata")).campaign_id or 0,
                              texts=read_budget(view), submission=submission_key(view), actor=actor, locale=locale,
                              answer=ack)


def _register_budget(app: App) -> None:
    app.action(Action.OPEN_BUDGET)(open_budget)
    app.view(View.BUDGET_LINES)(save_budget)


def targets_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                    locale: str) -> SlackView:
    """(wired into handlers/router.py) A refusal is answered in the acknowledgement."""
    context = target_setting.context_named(services, reference=rest, channel_id=command.get("channel_id"),
                                           actor=actor)
    return targets_modal(campaign_name=context.name, form=stored_form(context.current.totals, context.current.goals),
                         metadata=ModalMetadata(campaign_id=context.campaign_id).dump(), locale=locale)


@submits_form(total_field(Metric.EXPOSURE))  # no longer allowed, closed or gone since the modal opened
def save_targets(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    target_setting.save_targets(services, campaign_id=ModalMetadata.load(view.get("private_metadata")).campaign_id
                                or 0, form=read_targets(view), submission=submission_key(view), actor=actor,
                                locale=locale, answer=ack)


def _register_targets(app: App) -> None:
    app.view(View.KPI_TARGETS)(save_targets)


def risks_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                  locale: str) -> SlackView:
    """(wired into handlers/router.py) A refusal is answered in the acknowledgement."""
    register = risk_register.register_named(services, reference=rest, channel_id=command.get("channel_id"),
                                            actor=actor)
    return register_modal(name=register.name, risks=register.risks,
                          metadata=ModalMetadata(campaign_id=register.campaign_id).dump(), locale=locale)


@acks_first
def edit_risk(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    """Edit in the register: the same modal becomes that risk's form (views.update)."""
    view = body.get("view") or {}
    campaign_id = ModalMetadata.load(view.get("private_metadata")).campaign_id
    if campaign_id is None or not view.get("id"):
        raise InvalidInput("plan.risks.gone")
    risk = risk_register.risk_to_edit(services, campaign_id=campaign_id, risk_id=clicked_id(body, "plan.risks.gone"),
                                      actor=actor)
    services.slack.update_view(view["id"], edit_modal(
        risk=risk, metadata=ModalMetadata(campaign_id=campaign_id, risk_id=risk.id).dump(), locale=locale))


@submits_form(Field.RISK_TITLE)  # no longer allowed, closed or gone since the modal opened: said on the title
def save_risk(ack: Ack, view: dict[str, Any], services: Services, actor: Actor) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.campaign_id is None:
        raise InvalidInput("campaigns.gone")
    risk_register.save_risk(services, campaign_id=metadata.campaign_id, risk_id=metadata.risk_id,
                            texts=read_risk_form(view), submission=submission_key(view),
                            actor=actor, answer=ack)


def _register_risks(app: App) -> None:
    app.action(Action.RISK_EDIT)(edit_risk)
    app.view(View.RISK_REGISTER)(save_risk)


def register(app: App) -> None:
    _register_budget(app)
    _register_targets(app)
    _register_risks(app)
