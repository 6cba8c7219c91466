"""`/campaign export`: the campaign workbook, review first, sent to the person who asked, in a direct message.

A closed campaign exports too: that is when the review is final and people want it as a file."""

from __future__ import annotations

from collections.abc import Callable

from bot.campaigns.access import readable_campaign
from bot.export.render.workbook import campaign_workbook
from bot.kernel import policy
from bot.kernel.blockkit.text import escape
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.review.service import review as review_service
from bot.review.service.posting import file_stem
from storage.repositories import incidents as incident_repository
from storage.repositories import reports as report_repository
from storage.repositories import tasks as task_repository


def export_campaign(services: Services, *, actor: policy.Actor, reference: str, channel_id: str | None, locale: str,
                    started: Callable[[str], object]) -> None:
    """Check who asks, `started(campaign name)` (the answer: it takes a while), then build and send the file."""
    campaign = readable_campaign(services, actor, reference=reference, channel_id=channel_id, sub="export",
                                 closed_too=True)
    with services.unit_of_work() as session:
        reporter_ids = {r.user_id for r in report_repository.reporters(session=session, campaign_id=campaign.pk)}
    if not policy.can_export(actor, campaign, reporter_ids):
        raise NotAllowed("export.not_allowed", owner=UserRef(campaign.owner_id), name=campaign.name)
    started(campaign.name)
    with services.unit_of_work() as session:
        campaign_id = campaign.pk
        content = campaign_workbook(
            campaign=campaign,
            reports=report_repository.reports_of_campaign(session=session, campaign_id=campaign_id),
            tasks=task_repository.tasks_of_campaign(session=session, campaign_id=campaign_id),
            milestones=task_repository.milestones_of_campaign(session=session, campaign_id=campaign_id),
            incidents=incident_repository.incidents_of_campaign(session=session, campaign_id=campaign_id),
            review=review_service.gather_review(session=session, campaign=campaign, now=services.clock.now()),
            name_of=services.directory.name, locale=locale,
        )
    today = services.clock.now().date().isoformat()
    services.slack.upload_file(services.slack.open_dm(actor.user_id),
                               filename=f"{file_stem(campaign.name, campaign_id)}-{today}.xlsx", content=content,
                               title=campaign.name, comment=t("export.sent", locale, name=escape(campaign.name)))
