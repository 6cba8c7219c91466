"""`/campaign compare A B`: the reviews of two campaigns, side by side."""

from __future__ import annotations

from sqlmodel import Session

from bot.campaigns.service import campaigns as campaign_service
from bot.kernel import policy
from bot.kernel.errors import CampaignBotError, InvalidInput, NotAllowed
from bot.kernel.services import Services
from bot.review.rules.subject import ReviewPackage
from bot.review.service import review as review_service
from storage.models import Campaign


def compare(services: Services, *, actor: policy.Actor, pairs: list[tuple[str, str]],
            text: str) -> tuple[ReviewPackage, ReviewPackage]:
    """The two campaigns `pairs` names (the candidate ways of reading `text`; exactly one must name two)."""
    now = services.clock.now()
    with services.unit_of_work() as session:
        first, second = _pick(session, actor.team_id or "", pairs, text)
        if not (policy.can_compare(actor, first) and policy.can_compare(actor, second)):
            raise NotAllowed("error.not_allowed")  # today anyone may compare; the rule lives in bot.kernel.policy
        if first.id == second.id:
            raise InvalidInput("compare.same")
        return (review_service.gather_review(session=session, campaign=first, now=now),
                review_service.gather_review(session=session, campaign=second, now=now))


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
        raise InvalidInput("compare.unclear", text=" ".join(text.split()))
    return found[0]
