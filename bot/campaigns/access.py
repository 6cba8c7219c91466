"""Who may read a campaign (`status`, `tasks all`, `summary`, `export`, `history`, `checklist`, `feedback`, `compare`,
and whether `list` names it): the campaign is looked up, the channel's membership is asked of Slack (through the
directory's short cache) between transactions, and the answer is bot.kernel.policy's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.campaigns.service import campaigns as campaign_service
from bot.kernel import policy
from bot.kernel.errors import NotAllowed
from bot.kernel.services import Services
from storage.models import Campaign


@dataclass(frozen=True)
class Listed:
    """A campaign as the list needs it to decide whether to name it."""

    id: int
    owner_id: str
    channel_id: str | None


def require_reader(services: Services, actor: policy.Actor, *, campaign: policy.OwnedCampaign, name: str,
                   channel_id: str | None) -> None:
    """Raise NotAllowed (a plain refusal) unless `actor` may read the campaign. Call it between transactions."""
    access = (services.directory.channel_access(channel_id) if channel_id
              else policy.ChannelAccess(is_private=False, members=frozenset()))
    if not policy.can_read_campaign(actor, campaign, access):
        raise NotAllowed("campaigns.private.not_allowed", name=name)


def readable_campaign(services: Services, actor: policy.Actor, *, reference: str = "", channel_id: str | None = None,
                      sub: str = "", campaign_id: int | None = None, closed_too: bool = False) -> Campaign:
    """The campaign a command names (`reference`, else the channel's) or a click carries (`campaign_id`), in the
    actor's workspace, once they may read it; else NotFound / NotAllowed. `closed_too` finds a closed campaign by
    name or channel as well. The row comes back detached: read more of it in a unit of work of the caller's."""
    with services.unit_of_work() as session:
        team_id = actor.team_id or ""
        if campaign_id is not None:
            campaign = campaign_service.team_campaign(session=session, campaign_id=campaign_id,
                                                      team_id=actor.team_id)
        elif closed_too:
            campaign = campaign_service.resolve_any_campaign(session=session, team_id=team_id, reference=reference,
                                                             channel_id=channel_id, sub=sub)
        else:
            campaign = campaign_service.resolve_campaign(session=session, team_id=team_id, reference=reference,
                                                         channel_id=channel_id, sub=sub)
    require_reader(services, actor, campaign=campaign, name=campaign.name, channel_id=campaign.channel_id)
    return campaign


def unreadable(services: Services, actor: policy.Actor, campaigns: Iterable[Listed]) -> set[int]:
    """The ids of the campaigns `actor` may not read. Call it between transactions: each channel is asked about
    once (and the directory keeps the answer a minute), whether the actor is an admin only when a private channel
    they are not in makes it matter, as for `status`."""
    access: dict[str, policy.ChannelAccess] = {}
    hidden: set[int] = set()
    for campaign in campaigns:
        channel = campaign.channel_id
        if channel and channel not in access:
            access[channel] = services.directory.channel_access(channel)
        seen = access[channel] if channel else policy.ChannelAccess(is_private=False, members=frozenset())
        if not policy.can_read_campaign(actor, campaign, seen):
            hidden.add(campaign.id)
    return hidden
