"""Who may read a campaign (`status`, `tasks all`, `summary`, `export`, `history`, `compare`, and whether `list`
names it): the channel's membership is asked of Slack (through the directory's short cache) outside any
transaction, and the answer is bot.policy's."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot import policy
from bot.errors import NotAllowed
from bot.services import Services


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
        raise NotAllowed("campaign.private.not_allowed", name=name)


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
