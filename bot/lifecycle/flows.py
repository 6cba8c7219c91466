"""What a person does with the campaign form and card: create, edit, open the editor, list, look one up (approving:
bot.signoff.flows).

Each flow owns its transaction; what must reach Slack after the commit (the card posted or refreshed) happens here,
after `answer()` has acknowledged the request, so the person's modal closes first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.campaigns.access import Listed, readable_campaign, unreadable
from bot.campaigns.rules.campaign import CampaignDraft, CampaignForm, Status
from bot.campaigns.service import campaigns as campaign_service
from bot.card.blocks.card import card_fallback_text
from bot.card.blocks.list import LIST_PAGE, campaign_list
from bot.card.service import card_blocks, enqueue_card, publish_card, refresh_card
from bot.kernel import policy
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.flow import once_per_submission
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.lifecycle import service as lifecycle_service
from bot.signoff import service as approval
from storage.repositories import campaigns as repo
from storage.repositories import signoff as signoff_repository

Answer = Callable[[], object]


@dataclass(frozen=True)
class Shown:
    """A message answered in the acknowledgement: fallback text and blocks."""

    text: str
    blocks: list[Block]


def create_campaign(services: Services, *, team_id: str, draft: CampaignDraft, creator_id: str, submission: str,
                    locale: str, answer: Answer) -> None:
    """Save the campaign and its card in one transaction (once per submission), answer, then post the card."""
    # The card speaks the campaign's language, else its owner's: looked up before rows are held, as are the
    # approvers' languages for their requests.
    card_locale = draft.language or services.locale_for(draft.owner_id)
    locales = approval.ApprovalLocales(card=card_locale, people={user: services.locale_for(user)
                                                                 for user in draft.approver_ids},
                                       default=services.settings.default_locale)
    created: list[tuple[int, str, list[str]]] = []

    def create(session: Session, now: datetime) -> list[str]:
        campaign = lifecycle_service.create_campaign(session=session, team_id=team_id, draft=draft,
                                                    creator_id=creator_id, now=now)
        card = enqueue_card(session, campaign, card_locale, now)
        created.append((campaign.pk, card, approval.ask_approvers(
            session, campaign=campaign, approver_ids=draft.approver_ids, locales=locales, now=now)))
        return []  # the card first (publish_card joins its channel), then the approvers' requests

    if once_per_submission(services, submission=submission, answer=answer, work=create):
        campaign_id, card, requests = created[0]
        publish_card(services, campaign_id, card, locale)
        outbox.deliver(services, requests)


def edit_campaign(services: Services, *, campaign_id: int, draft: CampaignDraft, actor: policy.Actor, locale: str,
                  answer: Answer) -> None:
    """Save the edit. A change of what an approval covered (dates, budget, targets) sends the campaign back for
    approval (bot.signoff.service.send_back_for_approval); approvers newly named on a campaign that waits for
    approval are asked too."""
    locales = approval.approval_locales(services, campaign_id, also=draft.approver_ids)
    with services.unit_of_work() as session:
        edited = lifecycle_service.update_campaign(session=session, campaign_id=campaign_id, draft=draft, actor=actor,
                                                  now=services.clock.now())
        campaign = edited.campaign
        was_waiting = campaign.status == Status.DRAFT
        # The card is refreshed right below, for the person waiting to see it.
        messages = approval.send_back_for_approval(session, campaign=campaign, actor_id=actor.user_id,
                                                   changes=edited.signed_off, now=services.clock.now(),
                                                   locales=locales, update_card=False)
        if was_waiting:
            newly_named = [user for user in draft.approver_ids if user not in edited.approvers_before]
            messages += approval.ask_approvers(session, campaign=campaign, approver_ids=newly_named, locales=locales,
                                               now=services.clock.now())
    answer()
    refresh_card(services, campaign_id, locale)
    outbox.deliver(services, messages)


def editor_form(services: Services, *, campaign_id: int, team_id: str,
                actor: policy.Actor) -> tuple[CampaignForm, int, str | None]:
    """The campaign as its form shows it, for someone allowed to edit it: (form, campaign id, channel id)."""
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=team_id)
        if not policy.can_edit_campaign(actor, campaign):
            raise NotAllowed("campaigns.edit.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
        form = lifecycle_service.form_from_campaign(
            campaign, repo.kpi_targets(session=session, campaign_id=campaign.pk),
            signoff_repository.approvers(session=session, campaign_id=campaign.pk),
        )
        return form, campaign.pk, campaign.channel_id


def live_list(services: Services, *, actor: policy.Actor, locale: str) -> list[Block]:
    """`/campaign list`: the live campaigns of the workspace, the first page; a private channel's campaign only
    for those who may read it (bot.campaigns.access), neither named nor counted for anyone else."""
    team_id = actor.team_id or ""
    with services.unit_of_work() as session:
        listed = [Listed(*row) for row in repo.live_campaign_channels(session=session, team_id=team_id)]
    hidden = unreadable(services, actor, listed)
    with services.unit_of_work() as session:
        campaigns, total = repo.list_live_campaigns(session=session, team_id=team_id, limit=LIST_PAGE, hidden=hidden)
        return campaign_list(campaigns, total, locale)


def status(services: Services, *, actor: policy.Actor, reference: str, channel_id: str | None, locale: str) -> Shown:
    """`/campaign status [campaign]`: the card, privately, to those who may read it (bot.campaigns.access)."""
    campaign = readable_campaign(services, actor, reference=reference, channel_id=channel_id, sub="status")
    with services.unit_of_work() as session:
        campaign = session.get_one(type(campaign), campaign.id)
        return Shown(text=card_fallback_text(campaign, locale),
                     blocks=card_blocks(session, campaign, locale, services.clock.now()))
