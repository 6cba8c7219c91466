"""`/campaign import` and the preview's Confirm, as the person asks for them (the preview itself:
import_preview.py; the offer of a shared table: import_offer.py)."""

from __future__ import annotations

from collections.abc import Callable

from bot import policy
from bot.services import Services
from bot.slack import outbox
from bot.usecases import campaign_service, import_service
from bot.usecases.import_notifications import enqueue_import_news

Answer = Callable[[], object]


def import_target(services: Services, *, reference: str, channel_id: str | None,
                  actor: policy.Actor) -> tuple[int, str]:
    """The campaign named (or the channel's), once `actor` may import tasks into it: (its id, its name)."""
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(session=session, team_id=actor.team_id or "",
                                                     reference=reference, channel_id=channel_id, sub="import")
        import_service.check_may_import(actor, campaign)
        return campaign.id or 0, campaign.name


def confirm_import(services: Services, *, import_id: int, actor: policy.Actor, close_missing: bool, locale: str,
                   answer: Answer, unassigned: bool = False) -> None:
    """Apply the previewed rows with the owners' DMs and the channel summary in one transaction, `answer()`, then
    deliver them."""
    with services.unit_of_work() as session:
        outcome = import_service.commit_import(session=session, import_id=import_id, actor=actor,
                                               now=services.clock.now(), close_missing=close_missing,
                                               unassigned=unassigned)
        news = enqueue_import_news(services, session, outcome, import_id=import_id, actor_id=actor.user_id,
                                   locale=locale)
    answer()
    outbox.deliver(services, news)
