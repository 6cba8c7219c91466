"""After a confirmed import: one DM per owner with their new tasks, and a summary in the campaign channel."""

from __future__ import annotations

import logging
from collections import defaultdict

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import ButtonElement, MarkdownTextObject, SectionBlock

from bot.blocks.import_blocks import owners_line
from bot.blocks.task_blocks import TaskItem, task_items
from bot.blocks.text import SECTION_TEXT_LIMIT, escape, mention, truncate
from bot.i18n import t
from bot.ids import Action
from bot.services import Services
from bot.usecases.import_service import ImportOutcome
from storage import repositories as repo

log = logging.getLogger(__name__)


def announce_import(services: Services, outcome: ImportOutcome, actor_id: str, locale: str) -> None:
    with services.unit_of_work() as session:
        campaign = repo.get_campaign(session=session, campaign_id=outcome.campaign_id, team_id=None)
        if campaign is None:
            return
        name, channel = campaign.name, campaign.channel_id
    now = services.clock.now()
    by_owner: dict[str, list[TaskItem]] = defaultdict(list)
    for task in sorted(outcome.added, key=lambda task: (task.due_at, task.id or 0)):
        by_owner[task.owner_id].append(TaskItem.of(task, campaign))
    for owner, items in by_owner.items():
        intro = t("import.done.dm", services.locale_for(owner), actor=mention(actor_id), count=len(items),
                  name=escape(name))
        blocks = [SectionBlock(text=MarkdownTextObject(text=truncate(intro, SECTION_TEXT_LIMIT))),
                  *task_items(items, services.locale_for(owner), now)]
        _tell(services, owner, intro, blocks)

    fate = "import.done.missing_closed" if outcome.closed else "import.done.missing_kept"
    summary = t(
        "import.done.channel", locale, actor=mention(actor_id), name=escape(name), added=len(outcome.added),
        changed=outcome.changed, unchanged=outcome.unchanged, missing=outcome.missing, missing_fate=t(fate, locale),
        milestones_added=outcome.milestones_added, milestones_moved=outcome.milestones_moved,
    )
    blocks = [SectionBlock(text=MarkdownTextObject(text=truncate(summary, SECTION_TEXT_LIMIT)))]
    if outcome.added:
        blocks.append(SectionBlock(
            text=MarkdownTextObject(text=owners_line(outcome.owners().most_common(), locale)),
            # The people who own the work are usually the ones who report its figures.
            accessory=ButtonElement(text=t("import.done.make_reporters", locale), value=str(outcome.campaign_id),
                                    action_id=Action.ADD_OWNERS_AS_REPORTERS),
        ))
    _tell(services, channel, summary, blocks)


def _tell(services: Services, channel: str, text: str, blocks: list) -> None:  # type: ignore[type-arg]
    # The import is committed already; a refused message must not undo it, only be logged.
    try:
        services.slack.post_message(channel, text=text, blocks=blocks)
    except SlackApiError as error:
        log.warning("could not post import news to %s: %s", channel, error.response.get("error"))
