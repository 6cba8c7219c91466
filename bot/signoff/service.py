"""Sign-off (审批): who may approve, asking the approvers, and sending an approved campaign back for approval.

The owner never signs off their own campaign (bot.kernel.policy.can_approve_campaign): a named approver does, or a
workspace admin who is not the owner. The approvers are asked by DM, through the outbox, in the transaction of
the change that asks them (a new campaign, a change of what they signed off).

What was signed off is the campaign's dates, its total budget and its KPI targets (`bot.signoff.rules.SIGNED_OFF`).
Changing any of them after the approval withdraws it, through `send_back_for_approval`, which any modal that
changes them calls (the campaign's Edit modal here; the KPI targets modal too):

    locales = approval.approval_locales(services, campaign_id)  # before the transaction: users.info look-ups
    with services.unit_of_work() as session:
        campaign = ...  # change the targets, load the campaign
        keys = approval.send_back_for_approval(session, campaign=campaign, actor_id=actor.user_id,
                                               changes=[("kpi_sales", old, new)], now=now, locales=locales)
    outbox.deliver(services, keys)

The approvers of a campaign: `storage.repositories.signoff.approvers(session=..., campaign_id=...)`.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlmodel import Session

from bot.campaigns.rules.campaign import Status, can_move
from bot.campaigns.service import audit
from bot.campaigns.service.campaigns import live_campaign
from bot.card.service import enqueue_card_update
from bot.history.blocks import change_text
from bot.kernel import policy
from bot.kernel.blockkit.text import Mrkdwn, mention, safe_text
from bot.kernel.errors import InvalidInput, NotAllowed
from bot.kernel.formatting import listing
from bot.kernel.forms import FieldError, FormRejected
from bot.kernel.i18n import t
from bot.kernel.ids import Field
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.language.service import card_locale
from bot.reminders.service import reschedule_everything
from bot.signoff.blocks import approval_request, changes_requested
from bot.signoff.rules import UNDER_WAY, WITHDRAWN, Change
from storage.models import Campaign
from storage.repositories import campaigns as repo
from storage.repositories import signoff as signoff_repository


@dataclass(frozen=True)
class ApprovalLocales:
    """Who reads in which language, looked up (users.info) before the transaction that asks them."""

    card: str
    people: Mapping[str, str] = field(default_factory=dict)
    default: str = "en"

    def of(self, user_id: str) -> str:
        return self.people.get(user_id, self.default)


def approval_locales(services: Services, campaign_id: int, *, also: Collection[str] = ()) -> ApprovalLocales:
    """The campaign card's language and its approvers' (plus `also`: approvers about to be named)."""
    with services.unit_of_work() as session:
        named = signoff_repository.approvers(session=session, campaign_id=campaign_id)
    people = {user: services.locale_for(user) for user in {*named, *also}}
    card = card_locale(services, campaign_id, services.settings.default_locale)
    return ApprovalLocales(card=card, people=people, default=services.settings.default_locale)


def who_may_approve(approver_ids: Sequence[str], locale: str | None) -> Mrkdwn:
    """"<@A>, <@B> or a workspace admin who is not the owner", for refusals and the card."""
    if not approver_ids:
        return Mrkdwn(t("signoff.who.admin", locale))
    return Mrkdwn(t("signoff.who.approvers", locale, approvers=listing([mention(user) for user in approver_ids],
                                                                       locale)))


def approve_campaign(*, session: Session, campaign_id: int, actor: policy.Actor, now: datetime,
                     locale: str | None) -> Campaign:
    """Sign the campaign off; `locale` is the clicker's, for a refusal that names who may approve instead."""
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id, for_update=True)
    require_approver(session, campaign=campaign, actor=actor, locale=locale, action="approve")
    if not can_move(Status(campaign.status), Status.APPROVED):
        raise InvalidInput("campaigns.approve.wrong_status", name=campaign.name, status=campaign.status)
    repo.record_status_change(session=session, campaign_id=campaign_id, from_status=campaign.status,
                              to_status=Status.APPROVED, actor_id=actor.user_id, at=now)
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="campaign",
                 object_id=campaign.id, action="approved", before={"status": campaign.status},
                 after={"status": Status.APPROVED.value})
    campaign.status = Status.APPROVED
    campaign.approved_by = actor.user_id
    campaign.approved_at = now
    campaign.updated_at = now
    reschedule_everything(session=session, campaign=campaign, now=now)
    return campaign


def require_approver(session: Session, *, campaign: Campaign, actor: policy.Actor, locale: str | None,
                     action: str) -> None:
    """Refuse anyone who may not sign the campaign off (`action`: approve | changes), saying who may."""
    approver_ids = signoff_repository.approvers(session=session, campaign_id=campaign.pk)
    if policy.can_approve_campaign(actor, campaign, approver_ids):
        return
    who = who_may_approve(approver_ids, locale)
    key = "own" if actor.user_id == campaign.owner_id else "not_allowed"
    raise NotAllowed(f"campaigns.{action}.{key}", who=who, name=campaign.name)


def request_changes(*, session: Session, campaign_id: int, actor: policy.Actor, comment: str, now: datetime,
                    locale: str | None, owner_locale: str) -> list[str]:
    """An approver asks for changes instead of approving: the comment is kept (its own row, and the audit log) and
    sent to the owner by DM; returns the outbox key to deliver. Only a campaign waiting for approval takes one."""
    campaign = live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id, for_update=True)
    require_approver(session, campaign=campaign, actor=actor, locale=locale, action="changes")
    if campaign.status != Status.DRAFT:
        raise InvalidInput("campaigns.changes.wrong_status", name=campaign.name,
                           status=t(f"campaigns.status.{campaign.status}", locale))
    comment = comment.strip()
    if not comment:
        raise FormRejected([FieldError(Field.CHANGES_COMMENT, "form.error.required")])
    signoff_repository.add_change_request(session=session, campaign_id=campaign_id, user_id=actor.user_id,
                                          comment=comment, at=now)
    audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="campaign",
                 object_id=campaign.id, action="changes_requested", after={"comment": comment})
    campaign.updated_at = now
    text, blocks = changes_requested(campaign_id=campaign_id, name=campaign.name, approver_id=actor.user_id,
                                     comment=comment, locale=owner_locale)
    key = outbox.one_off_key(f"campaign:{campaign_id}:changes_requested")
    outbox.enqueue(session, key=key, kind="signoff_changes", channel=campaign.owner_id, text=text, blocks=blocks,
                   now=now, campaign_id=campaign_id)
    return [key]


def ask_approvers(session: Session, *, campaign: Campaign, approver_ids: Sequence[str], locales: ApprovalLocales,
                  now: datetime, actor_id: str | None = None, changes: Sequence[Change] = ()) -> list[str]:
    """DM each approver the request, with "Approve" and "Request changes"; the outbox keys to deliver."""
    keys = []
    for approver in approver_ids:
        locale = locales.of(approver)
        text, blocks = approval_request(campaign_id=campaign.pk, name=campaign.name, owner_id=campaign.owner_id,
                                        actor_id=actor_id, changes=describe(changes, locale), locale=locale)
        key = outbox.one_off_key(f"campaign:{campaign.id}:signoff:{approver}")
        outbox.enqueue(session, key=key, kind="signoff_request", channel=approver, text=text, blocks=blocks, now=now,
                       campaign_id=campaign.id)
        keys.append(key)
    return keys


def describe(changes: Sequence[Change], locale: str | None) -> list[str]:
    """Each change in the reader's words: "budget: ¥200,000 → ¥250,000"."""
    return [change if isinstance(change, str) else change_text(change[0], _plain(change[1]), _plain(change[2]),
                                                                locale)
            for change in changes]


def send_back_for_approval(session: Session, *, campaign: Campaign, actor_id: str, changes: Sequence[Change],
                           now: datetime, locales: ApprovalLocales, update_card: bool = True) -> list[str]:
    """What an approval covered changed (`changes`: see `Change`); returns the outbox keys to deliver after commit.

    - Approved or preparing (signed off, not started): the approval is withdrawn. The campaign is a draft again,
      waiting for approval (it does not start until approved again), the card loses "Approved by …" and shows
      "Approve" / "Request changes" again, and the approvers are asked anew, with what changed.
    - Running or evaluating: the campaign keeps going (stopping a live campaign for a changed target would do more
      harm than the change); its approvers are told what changed, with no buttons, and the log keeps it.
    - A draft waits for approval already: nothing more to do.
    Every case is written in the caller's transaction; the audit log says who changed what."""
    status = Status(campaign.status)
    if not changes or status not in WITHDRAWN | UNDER_WAY:
        return []
    approver_ids = signoff_repository.approvers(session=session, campaign_id=campaign.pk)
    plain = [change for change in changes if not isinstance(change, str)]
    worded = [change for change in changes if isinstance(change, str)]
    before: dict[str, object] = {name: _plain(old) for name, old, _ in plain}
    after: dict[str, object] = {name: _plain(new) for name, _, new in plain}
    if worded:
        after["changes"] = worded
    if status in UNDER_WAY:
        audit.record(session, campaign=campaign, actor_id=actor_id, at=now, object_type="campaign",
                     object_id=campaign.id, action="changed_after_approval", before=before, after=after)
        return _tell_approvers(session, campaign=campaign, approver_ids=approver_ids, actor_id=actor_id,
                               changes=changes, locales=locales, now=now)
    repo.record_status_change(session=session, campaign_id=campaign.pk, from_status=campaign.status,
                              to_status=Status.DRAFT, actor_id=actor_id, at=now)
    audit.record(session, campaign=campaign, actor_id=actor_id, at=now, object_type="campaign",
                 object_id=campaign.id, action="sent_back", before={"status": campaign.status, **before},
                 after={"status": Status.DRAFT.value, **after})
    campaign.status = Status.DRAFT
    campaign.approved_by = None
    campaign.approved_at = None
    campaign.updated_at = now
    reschedule_everything(session=session, campaign=campaign, now=now)
    if update_card:
        enqueue_card_update(session, campaign, locales.card, now)
    return ask_approvers(session, campaign=campaign, approver_ids=approver_ids, locales=locales, now=now,
                         actor_id=actor_id, changes=changes)


def _tell_approvers(session: Session, *, campaign: Campaign, approver_ids: Sequence[str], actor_id: str,
                    changes: Sequence[Change], locales: ApprovalLocales, now: datetime) -> list[str]:
    keys = []
    for approver in approver_ids:
        locale = locales.of(approver)
        lines = "\n".join(f"• {line}" for line in describe(changes, locale))
        key = outbox.one_off_key(f"campaign:{campaign.id}:signoff_changed:{approver}")
        text = safe_text("signoff.dm.changed_running", locale, name=campaign.name, actor=mention(actor_id))
        outbox.enqueue(session, key=key, kind="signoff_changed", channel=approver, text=f"{text}\n{lines}", now=now,
                       campaign_id=campaign.id)
        keys.append(key)
    return keys


def _plain(value: object) -> object:
    """Values as the audit log keeps them, so the history and the DMs format them alike."""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
