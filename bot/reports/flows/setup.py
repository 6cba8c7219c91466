"""Who reports from where: the setup modal, the Add owners button, and saving it with a note in the channel."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from slack_sdk.models.views import View as SlackView
from sqlmodel import Session

from bot.kernel import policy
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.blockkit.text import escape, mention
from bot.kernel.errors import NotAllowed, UserRef
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.plan.rules.source_plan import source_line
from bot.reports.blocks import reporting_modal
from bot.reports.service import reports as report_service
from storage.repositories import reports as report_repository
from storage.repositories import tasks as task_repository

Answer = Callable[[], object]


def setup_view(services: Services, *, campaign_id: int, actor: policy.Actor, locale: str) -> SlackView:
    with services.unit_of_work() as session:
        context = report_service.report_context(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        if not policy.can_manage_reporting(actor, context.campaign):
            raise NotAllowed("reports.setup.not_allowed", owner=UserRef(context.campaign.owner_id),
                             name=context.campaign.name)
        return reporting_modal(reporter_ids=sorted(context.reporter_ids), sources=_source_lines(session, campaign_id),
                               metadata=ModalMetadata(campaign_id=context.campaign.id).dump(), locale=locale)


def add_owners(services: Services, *, campaign_id: int, actor: policy.Actor, locale: str) -> None:
    """The owners of the campaign's active tasks become reporters too; the note is posted right away."""
    with services.unit_of_work() as session:
        context = report_service.report_context(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        owners = {task.owner_id for task in task_repository.active_tasks_of_campaign(session=session,
                                                                                    campaign_id=campaign_id)
                  if task.owner_id}
        sources = _source_lines(session, campaign_id)
    save_reporting(services, campaign_id=campaign_id, reporter_ids=sorted(context.reporter_ids | owners),
                   sources=sources, actor=actor, locale=locale, answer=lambda: None)


def _source_lines(session: Session, campaign_id: int) -> list[str]:
    """The sources box as it was saved, plans included (`Douyin 30% ¥150000`), so saving it again keeps them."""
    return [source_line(source) for source in report_repository.source_plan(session=session, campaign_id=campaign_id)]


def save_reporting(services: Services, *, campaign_id: int, reporter_ids: list[str], sources: Sequence[str],
                   actor: policy.Actor, locale: str, answer: Answer) -> None:
    """Save who reports from where with the channel note, `answer()`, then post the note."""
    zones = {user: zone for user in reporter_ids if (zone := services.directory.profile(user).tz)}
    with services.unit_of_work() as session:
        campaign = report_service.set_reporting(
            session=session, campaign_id=campaign_id, reporter_ids=reporter_ids, sources=sources, zones=zones,
            actor=actor, now=services.clock.now(),
        )
        who = ", ".join(mention(user) for user in reporter_ids) or t("reports.setup.nobody", locale)
        note = outbox.one_off_key("reporting_note")
        outbox.enqueue(session, key=note, kind="reporting_note", channel=campaign.channel_id,
                       text=t("reports.setup.saved", locale, actor=mention(actor.user_id), name=escape(campaign.name),
                              reporters=who, sources=escape(", ".join(sources) or "All")),
                       now=services.clock.now(), campaign_id=campaign.id)
    answer()
    outbox.deliver(services, [note])
