"""The campaign card: the announcement in the campaign channel and the answer to `/campaign status`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.campaigns.rules.campaign import LIVE_STATUSES, MONEY_METRICS, Metric, Status, contingency_amount
from bot.incidents.blocks import plan_card_section
from bot.kernel import formatting
from bot.kernel.blockkit.text import (
    PLAIN_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    channel_link,
    escape,
    mention,
    safe_text,
    truncate,
)
from bot.kernel.i18n import t
from bot.kernel.ids import Action
from bot.readiness.rules import Readiness

FIELD_TEXT_LIMIT = 2000
MILESTONES_ON_CARD = 5


class CampaignLike(Protocol):
    id: int | None
    name: str
    theme: str
    objective: str
    status: str
    start_date: date
    end_date: date
    warmup_start: date | None
    burst_start: date | None
    longtail_start: date | None
    owner_id: str
    channel_id: str
    budget: Decimal
    contingency_pct: int
    timezone: str
    created_by: str
    approved_by: str | None
    approved_at: datetime | None


def card_fallback_text(campaign: CampaignLike, locale: str | None) -> str:
    return safe_text("card.fallback", locale, name=campaign.name, status=t(f"campaigns.status.{campaign.status}",
                                                                           locale))


class MilestoneLike(Protocol):
    name: str
    on_date: date


def campaign_card(
    campaign: CampaignLike, targets: dict[Metric, Decimal], locale: str | None, *,
    milestones: Sequence[MilestoneLike] | None = None, approvers: Sequence[str] = (),
    readiness: Readiness | None = None,
) -> list[Block]:
    """`milestones`: the upcoming ones, soonest first; None leaves the line with its "Add milestone" button only.
    `approvers`: the people named to sign it off; while it waits the card says who may approve it.
    `readiness`: the checklist's "Ready n/m" (就绪 n/m); None shows no such line."""
    def field(label_key: str, value: str) -> MarkdownTextObject:
        return MarkdownTextObject(text=truncate(f"*{t(label_key, locale)}*\n{value}", FIELD_TEXT_LIMIT))

    reserve = contingency_amount(campaign.budget, campaign.contingency_pct)
    budget = t(
        "card.budget.value", locale,
        budget=formatting.money(campaign.budget, locale),
        pct=formatting.percent(Decimal(campaign.contingency_pct) / 100, locale),
        reserve=formatting.money(reserve, locale),
    )
    blocks: list[Block] = [HeaderBlock(text=truncate(campaign.name, PLAIN_TEXT_LIMIT))]
    if campaign.theme:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate(escape(campaign.theme), SECTION_TEXT_LIMIT))))
    blocks.append(
        SectionBlock(
            fields=[
                field("card.status", t(f"campaigns.status.{campaign.status}", locale)),
                field("card.owner", mention(campaign.owner_id)),
                field("card.dates", formatting.day_range(campaign.start_date, campaign.end_date, locale)),
                field("card.channel", channel_link(campaign.channel_id)),
                field("card.objective", t(f"campaigns.objective.{campaign.objective}", locale)),
                field("card.timezone", campaign.timezone),
                field("card.budget", budget),
                field("card.phases", _phases(campaign, locale)),
            ]
        )
    )
    blocks.append(SectionBlock(text=MarkdownTextObject(
        text=truncate(f"*{t('card.kpis', locale)}*\n{_targets(targets, locale)}", SECTION_TEXT_LIMIT)
    )))
    blocks.append(_milestones(campaign, milestones, locale))
    if readiness is not None:
        blocks.append(SectionBlock(block_id=f"campaign-readiness-{campaign.id}", text=MarkdownTextObject(
            text=t("readiness.checklist.card", locale, done=readiness.done, total=readiness.total))))
    blocks.append(plan_card_section(campaign.id, locale))
    context = [t("card.created", locale, id=campaign.id, creator=mention(campaign.created_by))]
    if campaign.status == Status.DRAFT:
        # Waiting for sign-off: never "Approved by …", even when an earlier approval was withdrawn by a change.
        context.append(awaiting_approval(approvers, locale))
    elif campaign.approved_by and campaign.approved_at:
        approved_on = campaign.approved_at.astimezone(ZoneInfo(campaign.timezone)).date()
        context.append(t("card.approved", locale, approver=mention(campaign.approved_by),
                         day=formatting.day(approved_on, locale)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=truncate(" · ".join(context), SECTION_TEXT_LIMIT))]))
    blocks.append(_buttons(campaign, locale))
    return blocks


def awaiting_approval(approvers: Sequence[str], locale: str | None) -> str:
    """Who may approve a campaign that waits: its approvers, else (none named) an admin who is not the owner."""
    if not approvers:
        return t("card.awaiting.no_approvers", locale)
    return t("card.awaiting", locale, approvers=formatting.listing([mention(user) for user in approvers], locale))


def _phases(campaign: CampaignLike, locale: str | None) -> str:
    lines = [
        t(key, locale, day=formatting.day(day, locale))
        for key, day in (
            ("card.phase.warmup", campaign.warmup_start),
            ("card.phase.burst", campaign.burst_start),
            ("card.phase.longtail", campaign.longtail_start),
        )
        if day is not None
    ]
    return "\n".join(lines) or "—"


def _targets(targets: dict[Metric, Decimal], locale: str | None) -> str:
    if not targets:
        return t("card.kpis.none", locale)
    lines = []
    for metric in Metric:  # the catalogue's order, not the dict's, so cards always read the same way
        if metric in targets:
            value = targets[metric]
            shown = formatting.money(value, locale) if metric in MONEY_METRICS else formatting.number(value, locale)
            lines.append(f"• {t(f'campaigns.kpi.{metric.value}', locale)}: {shown}")
    return "\n".join(lines)


def _milestones(campaign: CampaignLike, milestones: Sequence[MilestoneLike] | None, locale: str | None) -> SectionBlock:
    lines = [f"*{t('readiness.milestone.card.title', locale)}*"]
    if milestones is None:
        lines.append(t("readiness.milestone.card.hint", locale))
    elif not milestones:
        lines.append(t("readiness.milestone.card.none", locale))
    else:
        lines += [t("readiness.milestone.card.line", locale, name=escape(m.name), day=formatting.day(m.on_date, locale))
                  for m in milestones[:MILESTONES_ON_CARD]]
        if len(milestones) > MILESTONES_ON_CARD:
            lines.append(t("readiness.milestone.card.more", locale, count=len(milestones) - MILESTONES_ON_CARD))
    # A closed or cancelled campaign takes no more milestones.
    button = ButtonElement(text=t("readiness.milestone.button.add", locale), action_id=Action.ADD_MILESTONE,
                           value=str(campaign.id)) if campaign.status in LIVE_STATUSES else None
    return SectionBlock(block_id=f"campaign-milestones-{campaign.id}",
                        text=MarkdownTextObject(text=truncate("\n".join(lines), SECTION_TEXT_LIMIT)), accessory=button)


def _buttons(campaign: CampaignLike, locale: str | None) -> ActionsBlock:
    value = str(campaign.id)
    elements = []
    if campaign.status == Status.DRAFT:
        elements.append(ButtonElement(text=t("card.approve", locale), action_id=Action.APPROVE_CAMPAIGN,
                                      value=value, style="primary"))
        elements.append(ButtonElement(text=t("card.request_changes", locale), action_id=Action.REQUEST_CHANGES,
                                      value=value))
    if campaign.status in LIVE_STATUSES:  # a closed campaign is a record: nothing left to edit
        elements.append(ButtonElement(text=t("card.edit", locale), action_id=Action.EDIT_CAMPAIGN, value=value))
    elements.append(ButtonElement(text=t("reminders.button", locale), action_id=Action.OPEN_REMINDER_SETTINGS,
                                  value=value))
    elements.append(ButtonElement(text=t("reports.setup.button", locale), action_id=Action.OPEN_REPORTING_SETUP,
                                  value=value))
    elements.append(ButtonElement(text=t("plan.budget.button", locale), action_id=Action.OPEN_BUDGET, value=value))
    return ActionsBlock(block_id=f"campaign-{value}", elements=elements)
