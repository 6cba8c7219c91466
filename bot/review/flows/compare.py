"""`/campaign compare A B`: the reviews of two campaigns, side by side."""

from __future__ import annotations

from sqlmodel import Session

from bot.campaigns.access import require_reader
from bot.campaigns.service import campaigns as campaign_service
from bot.kernel import policy
from bot.kernel.errors import CampaignBotError, InvalidInput
from bot.kernel.services import Services
from bot.review.rules.subject import ReviewPackage
from bot.review.service import review as review_service
from storage.models import Campaign


def compare(services: Services, *, actor: policy.Actor, pairs: list[tuple[str, str]],
            text: str) -> tuple[ReviewPackage, ReviewPackage]:
    """The two campaigns `pairs` names (the candidate ways of reading `text`; exactly one must name two), each
    shown only to those who may read it as `status` would (a private channel's: its members and admins)."""
    now = services.clock.now()
    with services.unit_of_work() as session:
        first, second = _pick(session, actor.team_id or "", pairs, text)
        if first.id == second.id:
            raise InvalidInput("review.compare.same")
    for campaign in (first, second):  # between transactions: it may ask Slack who is in the channel
        require_reader(services, actor, campaign=campaign, name=campaign.name, channel_id=campaign.channel_id)
    with services.unit_of_work() as session:
        return (review_service.gather_review(session=session, campaign=session.get_one(Campaign, first.id), now=now),
                review_service.gather_review(session=session, campaign=session.get_one(Campaign, second.id),
                                             now=now))


def _pick(session: Session, team_id: str, pairs: list[tuple[str, str]], text: str) -> tuple[Campaign, Campaign]:
    def find(reference: str) -> Campaign:
        return campaign_service.resolve_any_campaign(session=session, team_id=team_id, reference=reference,
                                                   channel_id=None, sub="compare")

    if len(pairs) == 1:
        return find(pairs[0][0]), find(pairs[0][1])
    found: list[tuple[Campaign, Campaign]] = []
    for first, second in pairs:
        try:
            found.append((find(first), find(second)))
        except CampaignBotError:  # this split does not name two campaigns; another may
            continue
    if len(found) != 1:
        raise InvalidInput("review.compare.unclear", text=" ".join(text.split()))
    return found[0]
