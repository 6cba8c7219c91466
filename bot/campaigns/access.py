"""Who may read a campaign (`status`, `tasks all`, `summary`, `export`, `history`): the channel's membership is
asked of Slack (through the directory's short cache) outside any transaction, and the answer is bot.kernel.policy's."""

from __future__ import annotations

from bot.kernel import policy
from bot.kernel.errors import NotAllowed
from bot.kernel.services import Services


def require_reader(services: Services, actor: policy.Actor, *, campaign: policy.OwnedCampaign, name: str,
                   channel_id: str | None) -> None:
    """Raise NotAllowed (a plain refusal) unless `actor` may read the campaign. Call it between transactions."""
    access = (services.directory.channel_access(channel_id) if channel_id
              else policy.ChannelAccess(is_private=False, members=frozenset()))
    if not policy.can_read_campaign(actor, campaign, access):
        raise NotAllowed("campaign.private.not_allowed", name=name)
