"""The risk register (风险预案表) modal: the campaign's risks, each with Edit, then the form to add one (so opening
the register shows its labels at once); Edit turns the same modal into that risk's form. And the small block an
incident card shows when a risk of its kind was prepared for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from slack_sdk.models.blocks import (
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    SectionBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View as SlackView

from bot.kernel.blockkit.inputs import SubmittedState, input_block, modal, select_input, text_input
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, mention, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import INPUT, Action, Field, View
from bot.plan.blocks.emergency_plan import kind_label
from bot.plan.rules.emergency_plan import IncidentKind
from bot.plan.rules.risks import MITIGATION_MAX, TITLE_MAX, TRIGGER_MAX, Level, RiskItem

MITIGATION_SHOWN = 500  # of a mitigation on the register and the card; the form has all of it
TEXT_FIELDS = (Field.RISK_TITLE, Field.RISK_MITIGATION, Field.RISK_TRIGGER)
SELECT_FIELDS = (Field.RISK_LIKELIHOOD, Field.RISK_IMPACT, Field.RISK_INCIDENT_KIND)


def level_label(level: str, locale: str | None) -> str:
    return t(f"plan.risks.level.{level}", locale) if level in {lv.value for lv in Level} else escape(level)


def risk_line(risk: RiskItem, locale: str | None) -> str:
    """One risk in words (mrkdwn): title, likelihood and impact, the mitigation, owner, trigger and kind."""
    parts = [t("plan.risks.line.head", locale, title=escape(risk.title),
               likelihood=level_label(risk.likelihood, locale), impact=level_label(risk.impact, locale)),
             t("plan.risks.line.mitigation", locale, mitigation=escape(truncate(risk.mitigation, MITIGATION_SHOWN)))]
    details = []
    if risk.owner_id:
        details.append(t("plan.risks.line.owner", locale, owner=mention(risk.owner_id)))
    if risk.trigger:
        details.append(t("plan.risks.line.trigger", locale, trigger=escape(truncate(risk.trigger, 200))))
    if risk.incident_kind:
        details.append(t("plan.risks.line.kind", locale, kind=kind_label(risk.incident_kind, locale)))
    if details:
        parts.append(" · ".join(details))
    return "\n".join(parts)


def register_modal(*, name: str, risks: Sequence[RiskItem], metadata: str, locale: str | None) -> SlackView:
    """The register with its risks and the "Add risk" form below them."""
    blocks: list[Block] = [ContextBlock(elements=[MarkdownTextObject(
        text=truncate(t("plan.risks.intro", locale, name=escape(name)), SECTION_TEXT_LIMIT))])]
    for risk in risks:
        blocks.append(SectionBlock(
            block_id=f"risk-{risk.id}", text=MarkdownTextObject(text=truncate(risk_line(risk, locale),
                                                                              SECTION_TEXT_LIMIT)),
            accessory=ButtonElement(text=t("plan.risks.button.edit", locale), action_id=Action.RISK_EDIT,
                                    value=str(risk.id))))
    if not risks:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t("plan.risks.none", locale))]))
    blocks.append(DividerBlock())
    blocks.append(SectionBlock(text=MarkdownTextObject(text=f"*{t('plan.risks.add.heading', locale)}*")))
    blocks += risk_inputs(None, locale)
    return modal(View.RISK_REGISTER, locale, title_key="plan.risks.title", metadata=metadata, blocks=blocks,
                 submit_key="plan.risks.button.add")


def edit_modal(*, risk: RiskItem, metadata: str, locale: str | None) -> SlackView:
    return modal(View.RISK_REGISTER, locale, title_key="plan.risks.edit.title", metadata=metadata,
                 blocks=risk_inputs(risk, locale), submit_key="plan.risks.button.save")


def risk_inputs(risk: RiskItem | None, locale: str | None) -> list[Block]:
    levels = [(level.value, t(f"plan.risks.level.{level.value}", locale)) for level in Level]
    kinds = [(kind.value, kind_label(kind.value, locale)) for kind in IncidentKind]
    return [
        input_block(Field.RISK_TITLE, t("plan.risks.field.title", locale),
                    text_input(initial=risk.title if risk else None, max_length=TITLE_MAX)),
        input_block(Field.RISK_LIKELIHOOD, t("plan.risks.field.likelihood", locale),
                    select_input(levels, initial=risk.likelihood if risk else Level.MEDIUM.value)),
        input_block(Field.RISK_IMPACT, t("plan.risks.field.impact", locale),
                    select_input(levels, initial=risk.impact if risk else Level.MEDIUM.value)),
        input_block(Field.RISK_MITIGATION, t("plan.risks.field.mitigation", locale),
                    text_input(initial=risk.mitigation if risk else None, multiline=True,
                               max_length=MITIGATION_MAX), hint=t("plan.risks.field.mitigation.hint", locale)),
        input_block(Field.RISK_OWNER, t("plan.risks.field.owner", locale),
                    UserSelectElement(action_id=INPUT, initial_user=risk.owner_id if risk else None), optional=True),
        input_block(Field.RISK_TRIGGER, t("plan.risks.field.trigger", locale),
                    text_input(initial=risk.trigger if risk else None, max_length=TRIGGER_MAX), optional=True,
                    hint=t("plan.risks.field.trigger.hint", locale)),
        input_block(Field.RISK_INCIDENT_KIND, t("plan.risks.field.kind", locale),
                    select_input(kinds, initial=risk.incident_kind if risk else None), optional=True,
                    hint=t("plan.risks.field.kind.hint", locale)),
    ]


def read_risk_form(view: dict[str, Any]) -> dict[str, str | None]:
    state = SubmittedState(view)
    values: dict[str, str | None] = {field: state.text(field) for field in TEXT_FIELDS}
    values.update({field: state.option(field) for field in SELECT_FIELDS})
    values[Field.RISK_OWNER] = state.user(Field.RISK_OWNER)
    return values


def prepared_mitigation(risks: Sequence[RiskItem], locale: str | None) -> list[Block]:
    """On an incident card: what the register prepared for incidents of this kind, and who owns it."""
    if not risks:
        return []
    lines = [t("plan.risks.card.line", locale, title=escape(risk.title),
               mitigation=escape(truncate(" ".join(risk.mitigation.split()), MITIGATION_SHOWN)),
               owner=mention(risk.owner_id) if risk.owner_id else t("plan.risks.card.no_owner", locale))
             for risk in risks]
    text = truncate(f"*{t('plan.risks.card.title', locale)}*\n" + "\n".join(lines), SECTION_TEXT_LIMIT)
    return [SectionBlock(block_id="incident-mitigation", text=MarkdownTextObject(text=text))]


def with_prepared(card: list[Block], prepared: list[Block]) -> list[Block]:
    """The card with the prepared mitigation above its buttons (or at its end when it has none left)."""
    if not prepared:
        return card
    last = len(card) - 1 if card and card[-1].type == "actions" else len(card)
    return [*card[:last], *prepared, *card[last:]]
