"""`/campaign history [campaign]` and its Older entries button: pages of the audit log, for the people who may read
it. A closed campaign's history stays readable (by name too): that is when people look back."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.campaigns.access import readable_campaign
from bot.campaigns.service import campaigns as campaign_service
from bot.history.blocks import PAGE, history_blocks
from bot.kernel import policy
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.services import Services
from storage.repositories import audit as audit_repository
from storage.repositories import reports as report_repository
from storage.repositories import signoff as signoff_repository


@dataclass(frozen=True)
class HistoryPage:
    campaign_name: str
    blocks: list[Block]


def newest_page(services: Services, *, actor: policy.Actor, reference: str, channel_id: str | None,
                locale: str) -> HistoryPage:
    """The newest entries of the campaign named (or the channel's)."""
    campaign = readable_campaign(services, actor, reference=reference, channel_id=channel_id, sub="history",
                                 closed_too=True)
    with services.unit_of_work() as session:
        return HistoryPage(campaign.name, _page(services, session, actor, campaign.pk, 0, locale))


def page(services: Services, *, actor: policy.Actor, campaign_id: int, offset: int, locale: str) -> list[Block]:
    """The entries from `offset` on, newest first (another workspace's campaign is gone)."""
    readable_campaign(services, actor, campaign_id=campaign_id)
    with services.unit_of_work() as session:
        return _page(services, session, actor, campaign_id, offset, locale)


def _page(services: Services, session: Session, actor: policy.Actor, campaign_id: int, offset: int,
          locale: str) -> list[Block]:
    campaign = campaign_service.team_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
    reporter_ids = {reporter.user_id for reporter in report_repository.reporters(session=session,
                                                                                 campaign_id=campaign_id)}
    approver_ids = signoff_repository.approvers(session=session, campaign_id=campaign_id)
    if not policy.can_view_history(actor, campaign, reporter_ids, approver_ids):
        raise NotAllowed("history.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    entries, total = audit_repository.newest(session=session, team_id=campaign.team_id, campaign_id=campaign_id,
                                             limit=PAGE, offset=offset)
    zone = services.directory.profile(actor.user_id).tz or campaign.timezone
    return history_blocks(campaign_id=campaign_id, campaign_name=campaign.name, entries=entries, total=total,
                          offset=offset, locale=locale, timezone=zone)
