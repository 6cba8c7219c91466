"""`/campaign import` and the preview's Confirm, as the person asks for them (the preview itself:
import_preview.py; the offer of a shared table: import_offer.py)."""

from __future__ import annotations

from collections.abc import Callable

from bot.campaigns.service import campaigns as campaign_service
from bot.campaigns.service.campaigns import live_campaign
from bot.imports.service import tables as import_service
from bot.imports.service.notifications import enqueue_import_news
from bot.kernel import policy
from bot.kernel.blockkit.text import escape
from bot.kernel.errors import CampaignBotError, InvalidInput
from bot.kernel.i18n import t
from bot.kernel.messages import render_error
from bot.kernel.services import Services, answering_in_time
from bot.kernel.slack import outbox
from storage.repositories import tasks as task_repository

# Seconds the import may wait for a lock once Confirm is acknowledged (another Confirm of the same table committing).
AFTER_ACK_LOCK_WAIT = 30.0


def import_target(services: Services, *, reference: str, channel_id: str | None,
                  actor: policy.Actor) -> tuple[int, str]:
    """The campaign named (or the channel's), once `actor` may import tasks into it: (its id, its name)."""
    with services.unit_of_work() as session:
        campaign = campaign_service.resolve_campaign(session=session, team_id=actor.team_id or "",
                                                     reference=reference, channel_id=channel_id, sub="import")
        import_service.check_may_import(actor, campaign)
        return campaign.pk, campaign.name


def confirm_import(services: Services, *, import_id: int, actor: policy.Actor, close_missing: bool, locale: str,
                   started: Callable[[str], object], finished: Callable[[str, bool], object],
                   unassigned: bool = False) -> None:
    """Confirm: checks that can refuse on the form (done already, expired, not allowed), `started(campaign name)`
    (the acknowledgement: a 2,000-row import takes longer than Slack's 3 s), then the work itself: the rows, the
    owners' DMs, the channel summary and the asker's receipt in one transaction, applied once (the compare-and-set
    in commit_import). Then `finished(what happened, failed)`; on success the receipt DM says it too."""
    name = _confirmable(services, import_id=import_id, actor=actor, unassigned=unassigned)
    started(name)
    try:
        # Acknowledged: no answer is owed any more, so the work may wait for a lock like any background job.
        with answering_in_time(AFTER_ACK_LOCK_WAIT), services.unit_of_work() as session:
            outcome = import_service.commit_import(session=session, import_id=import_id, actor=actor,
                                                   now=services.clock.now(), close_missing=close_missing,
                                                   unassigned=unassigned)
            news = enqueue_import_news(services, session, outcome, import_id=import_id, actor_id=actor.user_id,
                                       locale=locale)
            summary = t("imports.finished", locale, name=escape(name), added=len(outcome.added),
                        changed=outcome.changed, unchanged=outcome.unchanged, closed=outcome.closed)
            receipt = f"import:{import_id}:receipt"
            outbox.enqueue(session, key=receipt, kind="import_news", channel=actor.user_id, text=summary,
                           now=services.clock.now(), campaign_id=outcome.campaign_id)
    except CampaignBotError as error:  # lost to another Confirm, expired meanwhile, the database busy: rolled back
        finished(render_error(error, locale), True)
        return
    outbox.deliver(services, [*news, receipt])
    finished(summary, False)


def _confirmable(services: Services, *, import_id: int, actor: policy.Actor, unassigned: bool) -> str:
    """The campaign's name when Confirm may go ahead (refusals are still answered on the form, so rows without an
    owner need their box ticked here); read only: the compare-and-set happens with the work."""
    with services.unit_of_work() as session:
        pending = task_repository.get_table_import(session=session, import_id=import_id, team_id=actor.team_id)
        if pending is None or pending.status != "pending":
            raise InvalidInput("imports.already_done")
        if services.clock.now() - pending.created_at > import_service.PENDING_LIFETIME:
            raise InvalidInput("imports.expired")
        campaign = live_campaign(session=session, campaign_id=pending.campaign_id, team_id=actor.team_id)
        import_service.check_may_import(actor, campaign)
        import_service.check_unassigned_agreed(pending, unassigned=unassigned)
        return campaign.name
