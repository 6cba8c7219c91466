"""The KPI targets modal (`/campaign targets`): the five totals, new members, the rates and the lifts."""

from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject
from slack_sdk.models.views import View as SlackView

from bot.campaigns.rules.campaign import Metric
from bot.kernel.blockkit.inputs import SubmittedState, input_block, modal, text_input
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import View
from bot.kernel.numbers import plain_amount
from bot.plan.rules.targets import (
    KIND,
    PERCENT_GOALS,
    Goal,
    GoalKind,
    GoalTarget,
    TargetsForm,
    baseline_field,
    goal_field,
    total_field,
)

INPUT_MAX = 40
RATES = (Goal.NEW_CUSTOMER_SHARE, Goal.CONVERSION_RATE, Goal.AVERAGE_ORDER_VALUE, Goal.ROI)
LIFTS = (Goal.BRAND_SEARCHES, Goal.REPURCHASE_RATE)


def typed_goal(target: GoalTarget) -> tuple[str, str]:
    """A stored goal as a person would type it again: (`≥40%` / `+30%` / `300`, its baseline)."""
    value = plain_amount(target.target)
    if target.goal in PERCENT_GOALS:
        value = ("+" if KIND[target.goal] is GoalKind.LIFT else "≥") + value + "%"
    baseline = "" if target.baseline is None else plain_amount(target.baseline) + (
        "%" if target.goal is Goal.REPURCHASE_RATE else "")
    return value, baseline


def stored_form(totals: dict[Metric, Any], goals: dict[Goal, GoalTarget]) -> TargetsForm:
    typed = {goal: typed_goal(target) for goal, target in goals.items()}
    return TargetsForm(totals={metric: plain_amount(value) for metric, value in totals.items()},
                       goals={goal: value for goal, (value, _) in typed.items()},
                       baselines={goal: baseline for goal, (_, baseline) in typed.items() if baseline})


def targets_modal(*, campaign_name: str, form: TargetsForm, metadata: str, locale: str | None) -> SlackView:
    def field(block_id: str, label_key: str, initial: str | None, hint_key: str | None = None) -> Block:
        return input_block(block_id, t(label_key, locale), text_input(initial=initial, max_length=INPUT_MAX),
                           optional=True, hint=t(hint_key, locale) if hint_key else None)

    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(
        text=truncate(t("plan.targets.modal.intro", locale, name=escape(campaign_name)), SECTION_TEXT_LIMIT))])]
    blocks.append(HeaderBlock(text=truncate(t("plan.targets.header.totals", locale), 150)))
    blocks += [field(total_field(metric), f"lifecycle.field.kpi_{metric.value}",
                     form.totals.get(metric)) for metric in Metric]
    blocks.append(field(goal_field(Goal.NEW_MEMBERS), "plan.targets.field.new_members",
                        form.goals.get(Goal.NEW_MEMBERS),
                        "plan.targets.hint.new_members"))
    blocks.append(HeaderBlock(text=truncate(t("plan.targets.header.rates", locale), 150)))
    blocks += [field(goal_field(goal), f"plan.targets.field.{goal.value}", form.goals.get(goal),
                     f"plan.targets.hint.{goal.value}") for goal in RATES]
    blocks.append(HeaderBlock(text=truncate(t("plan.targets.header.lifts", locale), 150)))
    for goal in LIFTS:
        blocks.append(field(goal_field(goal), f"plan.targets.field.{goal.value}", form.goals.get(goal),
                            f"plan.targets.hint.{goal.value}"))
        blocks.append(field(baseline_field(goal), f"plan.targets.baseline.{goal.value}", form.baselines.get(goal),
                            f"plan.targets.baseline.{goal.value}.hint"))
    return modal(View.KPI_TARGETS, locale, title_key="plan.targets.modal.title", metadata=metadata, blocks=blocks)


def read_targets(view: dict[str, Any]) -> TargetsForm:
    state = SubmittedState(view)
    return TargetsForm(
        totals={metric: state.text(total_field(metric)) for metric in Metric},
        goals={goal: state.text(goal_field(goal)) for goal in Goal},
        baselines={goal: state.text(baseline_field(goal)) for goal in LIFTS},
    )
