"""What people do with complaint items: `/campaign feedback` (the open ones), Assign (the assignee is told by DM)
and Resolve (a reply, required and kept). Each change edits the item's channel card through the outbox in the
same transaction; the flows own their transactions and call `answer()` after the commit.

Who may assign or resolve: bot.kernel.policy.can_handle_complaint (the campaign's owner, its reporters, the assignee,
workspace admins)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View as SlackView
from sqlmodel import Session

from bot.campaigns.access import readable_campaign
from bot.campaigns.service import campaigns as campaign_service
from bot.feedback.blocks.complaints import (
    FeedbackModalMetadata,
    assign_modal,
    item_card,
    open_list,
    resolve_modal,
    with_intro,
)
from bot.feedback.rules.complaints import ComplaintStatus, check_assignee, check_reply
from bot.feedback.service.complaints import Followed, deliver, show_card
from bot.kernel import formatting, policy
from bot.kernel.blockkit.text import escape, mention, truncate
from bot.kernel.errors import InvalidInput, NotAllowed, NotFound, UserRef
from bot.kernel.forms import FormRejected
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from storage.models import Campaign, FeedbackItem
from storage.repositories import feedback as repo
from storage.repositories import reports as report_repo

Answer = Callable[[], object]
QUOTED = 300  # of the complaint in a DM's words


@dataclass(frozen=True)
class Shown:
    text: str
    blocks: list[Block]


def open_complaints(services: Services, *, actor: policy.Actor, reference: str, channel_id: str | None,
                    locale: str) -> Shown:
    """`/campaign feedback [campaign]`: the open complaints, privately, to those who may read the campaign."""
    campaign = readable_campaign(services, actor, reference=reference, channel_id=channel_id, sub="feedback")
    with services.unit_of_work() as session:
        campaign = session.get_one(Campaign, campaign.id)
        items = list(repo.open_items(session=session, campaign_id=campaign.pk))
        blocks = open_list(items, campaign, services.clock.now(), locale)  # type: ignore[arg-type]
        return Shown(text=t("feedback.list.text", locale, name=escape(campaign.name), count=len(items)),
                     blocks=blocks)


def _handled_item(session: Session, *, item_id: int, actor: policy.Actor,
                  for_update: bool = False) -> tuple[FeedbackItem, Campaign]:
    """The open item `actor` may handle, in their workspace; else the refusal (NotFound, NotAllowed, or
    InvalidInput once it is resolved or withdrawn)."""
    item = repo.get_item(session=session, item_id=item_id, team_id=actor.team_id, for_update=for_update)
    if item is None:
        raise NotFound("feedback.gone")
    campaign = campaign_service.live_campaign(session=session, campaign_id=item.campaign_id, team_id=actor.team_id)
    reporters = {reporter.user_id for reporter in report_repo.reporters(session=session, campaign_id=campaign.pk)}
    if not policy.can_handle_complaint(actor, campaign, reporters, item.assignee_id):
        raise NotAllowed("feedback.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    if item.status != ComplaintStatus.OPEN:
        raise InvalidInput(f"feedback.not_open.{item.status}", id=item.id)
    return item, campaign


def assign_view(services: Services, *, item_id: int, actor: policy.Actor) -> SlackView:
    locale = services.locale_for(actor.user_id)
    with services.unit_of_work() as session:
        item, _ = _handled_item(session, item_id=item_id, actor=actor)
        return assign_modal(item, FeedbackModalMetadata(item.pk).dump(), locale)  # type: ignore[arg-type]


def resolve_view(services: Services, *, item_id: int, actor: policy.Actor) -> SlackView:
    locale = services.locale_for(actor.user_id)
    with services.unit_of_work() as session:
        item, _ = _handled_item(session, item_id=item_id, actor=actor)
        return resolve_modal(item, FeedbackModalMetadata(item.pk).dump(), locale)  # type: ignore[arg-type]


def assign(services: Services, *, item_id: int, assignee_id: str | None, actor: policy.Actor,
           answer: Answer) -> None:
    """Give the complaint to someone: they are told by DM (with the card, so Resolve is at hand), the channel card
    names them. Assigning the one it is assigned to already changes nothing."""
    chosen, errors = check_assignee(assignee_id)
    if chosen is None:
        raise FormRejected(errors)
    assignee_locale = services.locale_for(chosen)  # users.info before the transaction
    followed = Followed()
    with services.unit_of_work() as session:
        now = services.clock.now()
        item, campaign = _handled_item(session, item_id=item_id, actor=actor, for_update=True)
        if item.assignee_id != chosen:
            item.assignee_id, item.assigned_by, item.updated_at = chosen, actor.user_id, now
            text = t("feedback.assigned.dm", assignee_locale, actor=mention(actor.user_id), id=item.id,
                     name=escape(campaign.name), text=escape(truncate(item.text, QUOTED)))
            key = outbox.one_off_key(f"feedback:{item.id}:assigned")
            outbox.enqueue(session, key=key, kind="feedback_assigned", channel=chosen, text=text,
                           blocks=with_intro(text, item_card(item, campaign, assignee_locale)), now=now,
                           campaign_id=campaign.id)
            followed.posted.append(key)
            followed.edited = show_card(session, item, campaign, now, services.locale_for)
    answer()
    deliver(services, followed)


def resolve(services: Services, *, item_id: int, reply: str, actor: policy.Actor, answer: Answer) -> None:
    """Close the complaint with the reply given (kept, and shown on the card); the reporter who heard it is told,
    so the answer can reach the customer."""
    kept, errors = check_reply(reply)
    if kept is None:
        raise FormRejected(errors)
    followed = Followed()
    with services.unit_of_work() as session:
        now = services.clock.now()
        item, campaign = _handled_item(session, item_id=item_id, actor=actor, for_update=True)
        item.status, item.reply, item.resolved_by, item.resolved_at = ComplaintStatus.RESOLVED, kept, actor.user_id, now
        item.escalate_at, item.updated_at = None, now
        followed.edited = show_card(session, item, campaign, now, services.locale_for)
        if item.reporter_id != actor.user_id:
            locale = services.locale_for(item.reporter_id)
            key = outbox.one_off_key(f"feedback:{item.id}:resolved")
            outbox.enqueue(session, key=key, kind="feedback_resolved", channel=item.reporter_id, now=now,
                           text=t("feedback.resolved.dm", locale, actor=mention(actor.user_id), id=item.id,
                                  name=escape(campaign.name), text=escape(truncate(item.text, QUOTED)),
                                  reply=escape(truncate(kept, 1500)),
                                  elapsed=formatting.duration(now - item.opened_at, locale)),
                           campaign_id=campaign.id)
            followed.posted.append(key)
    answer()
    deliver(services, followed)
