"""`/campaign tasks` (my open tasks) and `/campaign tasks all [campaign] [by owner|phase]` (a campaign's table)."""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.models.blocks import Block

from bot.campaigns.access import readable_campaign
from bot.kernel import policy
from bot.kernel.blockkit.text import escape
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.tasks.blocks.lines import Grouping, my_tasks, task_table
from bot.tasks.service.messages import owned_items
from storage.repositories import tasks as task_repository

# `/campaign tasks` shows 23 tasks; more are only counted ("…and N more"), so fetching far more is pointless.


@dataclass(frozen=True)
class TaskTable:
    text: str
    blocks: list[Block]


def my_task_list(services: Services, *, team_id: str, owner_id: str, locale: str) -> list[Block]:
    with services.unit_of_work() as session:
        items = owned_items(session, team_id=team_id, owner_id=owner_id)
    return my_tasks(items, locale, services.clock.now())


def campaign_table(services: Services, *, actor: policy.Actor, reference: str, channel_id: str | None,
                   grouping: Grouping, locale: str) -> TaskTable:
    """The whole table, for those who may read the campaign (a private channel's: its members and admins)."""
    campaign = readable_campaign(services, actor, reference=reference, channel_id=channel_id, sub="tasks all")
    with services.unit_of_work() as session:
        assert campaign.id is not None
        tasks = task_repository.tasks_of_campaign(session=session, campaign_id=campaign.id)
        milestones = task_repository.milestones_of_campaign(session=session, campaign_id=campaign.id)
        blocks = task_table(campaign, tasks, milestones, locale, services.clock.now(), by=grouping)
        return TaskTable(text=t("tasks.all.fallback", locale, campaign=escape(campaign.name)), blocks=blocks)
