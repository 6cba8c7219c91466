"""Incidents in Slack: the incident card with Acknowledge / Resolve / Escalate, the report modal, the emergency
plan modal, and the words of every notice and page the ladder sends."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
    StaticSelectElement,
    UserSelectElement,
)
from slack_sdk.models.views import View as SlackView

from bot.incidents.rules.escalation import IncidentStatus
from bot.kernel import formatting
from bot.kernel.blockkit.inputs import SubmittedState, input_block, modal, select_input, text_input
from bot.kernel.blockkit.text import PLAIN_TEXT_LIMIT, SECTION_TEXT_LIMIT, escape, mention, safe_text, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import INPUT, Action, Field, View
from bot.plan.blocks.emergency_plan import kind_label, severity_label
from bot.plan.rules.emergency_plan import BOT_REPORTER, EmergencyPlan, IncidentKind, ResponseTargets, Severity

DESCRIPTION_MAX = 2000
DESCRIPTION_SHOWN = 1500  # of the description on the card, so the card stays well within a section
FIELD_TEXT_LIMIT = 2000
OPTION_TEXT_LIMIT = 75  # Slack's limit for a select option's text
RESPONDER_FIELDS: Mapping[IncidentKind, str] = {
    kind: f"{Field.PLAN_RESPONDER_PREFIX.value}{kind.value}" for kind in IncidentKind
}


class IncidentLike(Protocol):
    id: int | None
    kind: str
    severity: str
    description: str
    reporter_id: str
    responder_id: str
    status: str
    created_at: datetime
    acknowledged_by: str | None
    acknowledged_at: datetime | None
    resolved_by: str | None
    resolved_at: datetime | None
    step: int


class CampaignLike(Protocol):
    id: int | None
    name: str
    owner_id: str
    timezone: str


_STATUSES = frozenset(status.value for status in IncidentStatus)


def person(user_id: str, locale: str | None) -> str:
    """A mention, or the bot's own name for incidents it opened itself (`<@campaignbot>` would be a broken link)."""
    return t("incidents.reporter.bot", locale) if user_id == BOT_REPORTER else mention(user_id)


def _section(text: str, block_id: str | None = None) -> SectionBlock:
    return SectionBlock(block_id=block_id, text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT)))


def _quoted(text: str) -> str:
    return ">" + truncate(escape(text), DESCRIPTION_SHOWN).replace("\n", "\n>")


quoted = _quoted  # the card's way of quoting what was reported, for notes that repeat it


# --- the card ----------------------------------------------------------------------------------------------------

def card_fallback(incident: IncidentLike, campaign: CampaignLike, locale: str | None) -> str:
    return safe_text("incidents.card.fallback", locale, id=incident.id, campaign=campaign.name,
             kind=kind_label(incident.kind, locale), severity=severity_label(incident.severity, locale),
             status=_status(incident, locale))


def _status(incident: IncidentLike, locale: str | None) -> str:
    return t(f"incidents.status.{incident.status}", locale) if incident.status in _STATUSES else escape(incident.status)


def incident_card(
    incident: IncidentLike, campaign: CampaignLike, targets: ResponseTargets, locale: str | None
) -> list[Block]:
    """The incident as the channel and its responders see it, with the buttons that still make sense."""
    def field(label_key: str, value: str) -> MarkdownTextObject:
        return MarkdownTextObject(text=truncate(f"*{t(label_key, locale)}*\n{value}", FIELD_TEXT_LIMIT))

    title = t("incidents.card.title", locale, id=incident.id, kind=kind_label(incident.kind, locale))
    zone = campaign.timezone
    blocks: list[Block] = [
        _section(f"{title}\n{_quoted(incident.description)}", block_id=f"incident-card-{incident.id}"),
        SectionBlock(fields=[
            field("incidents.card.severity", severity_label(incident.severity, locale)),
            field("incidents.card.status", _status(incident, locale)),
            field("incidents.card.campaign", escape(campaign.name)),
            field("incidents.card.responder", mention(incident.responder_id)),
            field("incidents.card.reporter", person(incident.reporter_id, locale)),
            field("incidents.card.targets", t("incidents.card.targets.value", locale,
                                             acknowledge=formatting.duration(targets.acknowledge_within, locale),
                                             resolve=formatting.duration(targets.resolve_within, locale))),
        ]),
    ]
    context = [t("incidents.card.reported", locale, when=formatting.moment(incident.created_at, zone, locale))]
    if incident.acknowledged_by and incident.acknowledged_at:
        context.append(t("incidents.card.acknowledged", locale, who=mention(incident.acknowledged_by),
                         elapsed=formatting.duration(incident.acknowledged_at - incident.created_at, locale)))
    if incident.resolved_by and incident.resolved_at:
        context.append(t("incidents.card.resolved", locale, who=mention(incident.resolved_by),
                         elapsed=formatting.duration(incident.resolved_at - incident.created_at, locale)))
    if 1 <= incident.step <= 3:
        context.append(t(f"incidents.card.rung.{incident.step}", locale))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=truncate(" · ".join(context), SECTION_TEXT_LIMIT))]))
    buttons = _buttons(incident, locale)
    if buttons:
        blocks.append(ActionsBlock(block_id=f"incident-{incident.id}", elements=buttons))
    return blocks


def _buttons(incident: IncidentLike, locale: str | None) -> list[ButtonElement]:
    if incident.status == IncidentStatus.RESOLVED:
        return [adjust_button(incident.id, locale)]  # the cause may still be recorded afterwards, for the review
    value = str(incident.id)

    def button(key: str, action: Action, style: str | None = None) -> ButtonElement:
        return ButtonElement(text=truncate(t(key, locale), PLAIN_TEXT_LIMIT), action_id=action, value=value,
                             style=style)

    buttons = []
    if incident.status == IncidentStatus.OPEN:
        buttons.append(button("incidents.button.acknowledge", Action.INCIDENT_ACKNOWLEDGE, "primary"))
    buttons.append(button("incidents.button.resolve", Action.INCIDENT_RESOLVE))
    # Always there while unresolved: every page promises it ("escalate it by hand"); past the sponsor it pages
    # the top again.
    buttons.append(button("incidents.button.escalate", Action.INCIDENT_ESCALATE, "danger"))
    buttons.append(adjust_button(incident.id, locale))
    return buttons


def with_intro(text: str, card: list[Block]) -> list[Block]:
    """A DM: what it is about first, then the card so its buttons are at hand."""
    return [_section(text), *card]


# --- the report modal --------------------------------------------------------------------------------------------

def report_modal(campaign_name: str, private_metadata: str, locale: str | None) -> SlackView:
    kinds = [(kind.value, truncate(kind_label(kind, locale), OPTION_TEXT_LIMIT)) for kind in IncidentKind]
    severities = [(severity.value, truncate(t(f"incidents.severity.option.{severity.value}", locale),
                                            OPTION_TEXT_LIMIT)) for severity in Severity]
    kind_select = StaticSelectElement(
        action_id=INPUT, placeholder=truncate(t("incidents.field.kind.placeholder", locale), PLAIN_TEXT_LIMIT),
        options=[Option(value=value, text=label) for value, label in kinds],
    )
    return modal(
        View.REPORT_INCIDENT, locale, title_key="incidents.modal.title", submit_key="incidents.modal.submit",
        metadata=private_metadata,
        blocks=[
            _section(t("incidents.modal.intro", locale, campaign=escape(campaign_name))),
            input_block(Field.INCIDENT_KIND, t("incidents.field.kind", locale), kind_select),
            input_block(Field.INCIDENT_SEVERITY, t("incidents.field.severity", locale),
                        select_input(severities, initial=Severity.MINOR.value)),
            input_block(Field.INCIDENT_DESCRIPTION, t("incidents.field.description", locale),
                        text_input(placeholder=t("incidents.field.description.placeholder", locale), multiline=True,
                                   max_length=DESCRIPTION_MAX)),
        ],
    )


@dataclass(frozen=True)
class ReportForm:
    kind: str | None
    severity: str | None
    description: str


def read_report(view: dict[str, Any]) -> ReportForm:
    state = SubmittedState(view)
    return ReportForm(kind=state.option(Field.INCIDENT_KIND), severity=state.option(Field.INCIDENT_SEVERITY),
                      description=state.text(Field.INCIDENT_DESCRIPTION))


# --- the emergency plan modal ------------------------------------------------------------------------------------

def plan_modal(campaign: CampaignLike, plan: EmergencyPlan, private_metadata: str, locale: str | None) -> SlackView:
    blocks: list[Block] = [_section(t("plan.modal.intro", locale, campaign=escape(campaign.name),
                                      owner=mention(campaign.owner_id)))]
    for kind in IncidentKind:
        targets = plan.targets_for(kind)
        blocks.append(input_block(
            RESPONDER_FIELDS[kind], t("plan.field.responder", locale, kind=kind_label(kind, locale)),
            UserSelectElement(action_id=INPUT, initial_user=plan.responders.get(kind)), optional=True,
            hint=t("plan.field.responder.hint", locale,
                   acknowledge=formatting.duration(targets.acknowledge_within, locale),
                   resolve=formatting.duration(targets.resolve_within, locale)),
        ))
    blocks.append(input_block(Field.PLAN_SPONSOR, t("plan.field.sponsor", locale),
                              UserSelectElement(action_id=INPUT, initial_user=plan.sponsor_id), optional=True,
                              hint=t("plan.field.sponsor.hint", locale)))
    return modal(
        View.EMERGENCY_PLAN, locale, title_key="plan.modal.title", submit_key="plan.modal.submit",
        metadata=private_metadata,
        blocks=blocks,
    )


def read_plan(view: dict[str, Any]) -> tuple[dict[IncidentKind, str | None], str | None]:
    state = SubmittedState(view)
    return {kind: state.user(RESPONDER_FIELDS[kind]) for kind in IncidentKind}, state.user(Field.PLAN_SPONSOR)


def plan_saved_note(actor_id: str, campaign_name: str, plan: EmergencyPlan, locale: str | None) -> str:
    responders = "; ".join(t("plan.saved.responder", locale, kind=kind_label(kind, locale), who=mention(user))
                           for kind in IncidentKind if (user := plan.responders.get(kind)))
    return t("plan.saved.note", locale, actor=mention(actor_id), campaign=escape(campaign_name),
             responders=responders or t("plan.saved.all_owner", locale),
             sponsor=mention(plan.sponsor_id) if plan.sponsor_id else t("plan.saved.no_sponsor", locale))


def plan_card_section(campaign_id: int | None, locale: str | None) -> SectionBlock:
    """The campaign card's line with the Emergency plan button."""
    text = f"*{t('plan.card.title', locale)}*\n{t('plan.card.hint', locale)}"
    button = ButtonElement(text=truncate(t("plan.button", locale), PLAIN_TEXT_LIMIT),
                           action_id=Action.OPEN_EMERGENCY_PLAN, value=str(campaign_id))
    return SectionBlock(block_id=f"campaign-plan-{campaign_id}", text=MarkdownTextObject(text=text), accessory=button)


def adjust_button(incident_id: int | None, locale: str | None) -> ButtonElement:
    """The incident card's "Cause & adjustment" button."""
    return ButtonElement(text=truncate(t("adjustments.button", locale), PLAIN_TEXT_LIMIT),
                         action_id=Action.INCIDENT_ADJUST,
                         value=str(incident_id))
