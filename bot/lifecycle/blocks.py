"""The new / edit campaign modal, and reading its submission back into a CampaignForm."""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from slack_sdk.models.blocks import (
    ConversationFilter,
    ConversationSelectElement,
    ExternalDataSelectElement,
    HeaderBlock,
    Option,
    UserMultiSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View as SlackView

from bot.campaigns.rules.campaign import (
    APPROVERS_MAX,
    CAMPAIGN_LANGUAGES,
    DEFAULT_CONTINGENCY,
    NAME_MAX,
    THEME_MAX,
    CampaignForm,
    Metric,
    Objective,
)
from bot.kernel.blockkit.inputs import SubmittedState, date_input, input_block, modal, select_input, text_input
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.blockkit.text import truncate
from bot.kernel.i18n import t
from bot.kernel.ids import INPUT, Action, Field, View

KPI_FIELDS: dict[Metric, Field] = {
    Metric.EXPOSURE: Field.KPI_EXPOSURE,
    Metric.CLICKS: Field.KPI_CLICKS,
    Metric.PARTICIPANTS: Field.KPI_PARTICIPANTS,
    Metric.CONVERSIONS: Field.KPI_CONVERSIONS,
    Metric.SALES: Field.KPI_SALES,
}


def campaign_modal(form: CampaignForm, metadata: ModalMetadata, locale: str | None, *, editing: bool) -> SlackView:
    def label(key: str) -> str:
        return t(key, locale)

    objective_options = [(objective.value, label(f"campaigns.objective.{objective.value}")) for objective in Objective]
    phase_hint = label("lifecycle.field.phases.hint")
    blocks = [
        input_block(
            Field.NAME, label("lifecycle.field.name"),
            text_input(initial=form.name, placeholder=label("lifecycle.field.name.placeholder"), max_length=NAME_MAX),
        ),
        input_block(
            Field.THEME, label("lifecycle.field.theme"),
            text_input(initial=form.theme, placeholder=label("lifecycle.field.theme.placeholder"), multiline=True,
                       max_length=THEME_MAX),
            optional=True,
        ),
        input_block(Field.OBJECTIVE, label("lifecycle.field.objective"), select_input(objective_options,
                                                                                      initial=form.objective)),
        input_block(Field.START, label("lifecycle.field.start"), date_input(form.start)),
        input_block(Field.END, label("lifecycle.field.end"), date_input(form.end)),
        input_block(Field.WARMUP_START, label("lifecycle.field.warmup_start"), date_input(form.warmup_start),
                    optional=True,
                    hint=phase_hint),
        input_block(Field.BURST_START, label("lifecycle.field.burst_start"), date_input(form.burst_start),
                    optional=True),
        input_block(Field.LONGTAIL_START, label("lifecycle.field.longtail_start"), date_input(form.longtail_start),
                    optional=True),
        input_block(Field.OWNER, label("lifecycle.field.owner"), UserSelectElement(action_id=INPUT,
                                                                                   initial_user=form.owner_id)),
        input_block(
            Field.APPROVERS, label("lifecycle.field.approvers"),
            UserMultiSelectElement(action_id=INPUT, initial_users=list(form.approver_ids) or None,
                                   max_selected_items=APPROVERS_MAX),
            optional=True, hint=label("lifecycle.field.approvers.hint"),
        ),
        input_block(
            Field.CHANNEL, label("lifecycle.field.channel"),
            ConversationSelectElement(
                action_id=INPUT,
                initial_conversation=form.channel_id,
                default_to_current_conversation=form.channel_id is None,
                filter=ConversationFilter(include=["public", "private"], exclude_bot_users=True),
            ),
            hint=label("lifecycle.field.channel.hint"),
        ),
        input_block(Field.BUDGET, label("lifecycle.field.budget"),
                    text_input(initial=form.budget, placeholder=label("lifecycle.field.budget.placeholder"),
                               max_length=40)),
        input_block(Field.CONTINGENCY, label("lifecycle.field.contingency"), text_input(initial=form.contingency,
                                                                                        max_length=6),
                    optional=True, hint=label("lifecycle.field.contingency.hint")),
        input_block(
            Field.TIMEZONE, label("lifecycle.field.timezone"),
            ExternalDataSelectElement(
                action_id=Action.PICK_TIMEZONE,
                min_query_length=2,
                initial_option=Option(value=form.timezone, text=form.timezone) if form.timezone else None,
            ),
            hint=label("lifecycle.field.timezone.hint"),
        ),
        input_block(
            Field.LANGUAGE, label("lifecycle.field.language"),
            select_input([(code, label(f"language.{code}")) for code in CAMPAIGN_LANGUAGES], initial=form.language),
            optional=True, hint=label("lifecycle.field.language.hint"),
        ),
        HeaderBlock(text=truncate(label("lifecycle.field.kpi.header"), 150)),
    ]
    for metric, field in KPI_FIELDS.items():
        blocks.append(
            input_block(
                field, label(f"lifecycle.field.{field.value}"),
                text_input(initial=form.kpi_targets.get(metric), placeholder=label("lifecycle.field.kpi.placeholder"),
                           max_length=40),
                optional=True,
            )
        )
    title_key = "modal.edit.title" if editing else "modal.new.title"
    callback_id = View.EDIT_CAMPAIGN if editing else View.NEW_CAMPAIGN
    return modal(callback_id, locale, title_key=title_key, metadata=metadata.dump(), blocks=blocks)


@lru_cache(maxsize=64)
def _blank_new_campaign_json(locale: str | None, timezone: str) -> str:
    form = CampaignForm(name="", theme="", objective=None, start=None, end=None, warmup_start=None,
                        burst_start=None, longtail_start=None, owner_id=None, channel_id=None, budget="",
                        contingency=str(DEFAULT_CONTINGENCY), timezone=timezone)
    return json.dumps(campaign_modal(form, ModalMetadata(), locale, editing=False).to_dict())


def new_campaign_view(
    locale: str | None, *, timezone: str, owner_id: str, channel_id: str | None, name: str = ""
) -> dict[str, Any]:
    """The blank form, built and validated once per language and zone, then filled for this person.

    `/campaign new` must acknowledge fast under load; building and validating twenty Block Kit inputs per
    request was most of its cost after the acknowledgement.
    """
    view: dict[str, Any] = json.loads(_blank_new_campaign_json(locale, timezone))
    blocks = {block.get("block_id"): block for block in view["blocks"]}
    blocks[Field.OWNER]["element"]["initial_user"] = owner_id
    if channel_id:
        channel = blocks[Field.CHANNEL]["element"]
        channel["initial_conversation"] = channel_id
        channel["default_to_current_conversation"] = False
    if name:
        blocks[Field.NAME]["element"]["initial_value"] = name[:NAME_MAX]
    view["private_metadata"] = ModalMetadata(channel_id=channel_id).dump()
    return view


def read_campaign_form(view: dict[str, Any]) -> CampaignForm:
    state = SubmittedState(view)
    return CampaignForm(
        name=state.text(Field.NAME),
        theme=state.text(Field.THEME),
        objective=state.option(Field.OBJECTIVE),
        start=state.date(Field.START),
        end=state.date(Field.END),
        warmup_start=state.date(Field.WARMUP_START),
        burst_start=state.date(Field.BURST_START),
        longtail_start=state.date(Field.LONGTAIL_START),
        owner_id=state.user(Field.OWNER),
        channel_id=state.conversation(Field.CHANNEL),
        budget=state.text(Field.BUDGET),
        contingency=state.text(Field.CONTINGENCY),
        timezone=state.option(Field.TIMEZONE, Action.PICK_TIMEZONE),
        kpi_targets={metric: state.text(field) for metric, field in KPI_FIELDS.items()},
        language=state.option(Field.LANGUAGE),
        approver_ids=tuple(str(user) for user in state.users(Field.APPROVERS)),
    )

