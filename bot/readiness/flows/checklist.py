"""What a person does with the readiness list (准备清单): `/campaign checklist`, Done / Undo, Add item. Each flow owns
its transaction; a change edits the campaign card through the outbox in the same transaction ("Ready n/m"), and
the clicked list is rebuilt after the commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.campaigns.access import readable_campaign
from bot.campaigns.service import campaigns as campaign_service
from bot.card.service import card_key, enqueue_card_update
from bot.kernel import policy
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.language.service import channel_locale
from bot.readiness.blocks.checklist import checklist_blocks, checklist_fallback, reminder_blocks
from bot.readiness.blocks.checklist import reminder_text as item_reminder_text
from bot.readiness.rules import Readiness
from bot.readiness.service import checklist as checklist_service
from storage.models import Campaign
from storage.repositories import readiness as readiness_repository

Answer = Callable[[], object]


@dataclass(frozen=True)
class Shown:
    text: str
    blocks: list[Block]


@dataclass(frozen=True)
class ClickedMessage:
    """Where a Done / Undo click came from: the list itself (its header block says so) or a reminder."""

    response_url: str | None
    channel_id: str | None
    message_ts: str | None
    is_list: bool


def _shown(session: Session, campaign: Campaign, actor: policy.Actor, locale: str) -> Shown:
    lines = checklist_service.lines_of(session, campaign.pk)
    blocks = checklist_blocks(campaign.pk, campaign.name, campaign.timezone, lines, locale,
                              may_add=policy.can_manage_checklist(actor, campaign))
    return Shown(text=checklist_fallback(campaign.name, Readiness.of(lines), locale), blocks=blocks)


def show(services: Services, *, actor: policy.Actor, reference: str, channel_id: str | None, locale: str) -> Shown:
    """`/campaign checklist [campaign]`, privately, to those who may read the campaign."""
    campaign = readable_campaign(services, actor, reference=reference, channel_id=channel_id, sub="checklist")
    campaign_id = campaign.pk
    card_locale = channel_locale(services, campaign)  # asked of Slack before rows are held
    with services.unit_of_work() as session:
        campaign = session.get_one(Campaign, campaign_id)
        if checklist_service.ensure_seeded(session, campaign, services.clock.now()):
            enqueue_card_update(session, campaign, card_locale, services.clock.now())
            keys = _card_keys(session, campaign)
        else:
            keys = []
        shown = _shown(session, campaign, actor, locale)
    outbox.deliver(services, keys)
    return shown


def tick(services: Services, *, item_id: int, done: bool, actor: policy.Actor, clicked: ClickedMessage,
         locale: str) -> None:
    """Done or Undo: saved with the card's edit, then the clicked message shows the item's new state."""
    with services.unit_of_work() as session:
        item = readiness_repository.get_item(session=session, item_id=item_id, team_id=actor.team_id)
        campaign = session.get(Campaign, item.campaign_id) if item else None
    card_locale = channel_locale(services, campaign) if campaign else locale
    now = services.clock.now()
    with services.unit_of_work() as session:
        item, campaign, changed = checklist_service.tick(session, item_id=item_id, done=done, actor=actor, now=now)
        keys: list[str] = []
        if changed:
            enqueue_card_update(session, campaign, card_locale, now)
            keys = _card_keys(session, campaign)
        if clicked.is_list:
            shown = _shown(session, campaign, actor, locale)
            text, blocks = shown.text, shown.blocks
        else:
            line = checklist_service.line_of(item)
            text = item_reminder_text(line, campaign.name, locale)
            blocks = reminder_blocks(line, campaign.name, campaign.timezone, locale)
    outbox.deliver(services, keys)
    if clicked.response_url:
        services.slack.respond(clicked.response_url, text=text, blocks=blocks, replace_original=True)
    elif clicked.channel_id and clicked.message_ts:
        services.slack.update_message(clicked.channel_id, clicked.message_ts, text=text, blocks=blocks)


def add_context(services: Services, *, campaign_id: int, actor: policy.Actor) -> tuple[int, str, str]:
    """The campaign an item would be added to, once `actor` may: (its id, its channel, its owner)."""
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        if not policy.can_manage_checklist(actor, campaign):
            raise NotAllowed("readiness.checklist.add.not_allowed", owner=UserRef(campaign.owner_id),
                             name=campaign.name)
        return campaign.pk, campaign.channel_id, campaign.owner_id


def add(services: Services, *, campaign_id: int, title: str, owner_id: str | None, due: date | None,
        actor: policy.Actor, answer: Answer) -> None:
    with services.unit_of_work() as session:
        found = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
    card_locale = channel_locale(services, found)  # asked of Slack before rows are held
    now = services.clock.now()
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id,
                                                  for_update=True)
        checklist_service.add_item(session, campaign=campaign, title=title, owner_id=owner_id, due=due, actor=actor,
                                   now=now)
        enqueue_card_update(session, campaign, card_locale, now)
        keys = _card_keys(session, campaign)
    answer()
    outbox.deliver(services, keys)


def _card_keys(session: Session, campaign: Campaign) -> list[str]:
    """The card's own row (still waiting to be posted) and its edit waiting to go: what to deliver right away."""
    key = card_key(campaign)
    return [key, *readiness_repository.waiting_update_keys(session=session, anchor_key=key)]

