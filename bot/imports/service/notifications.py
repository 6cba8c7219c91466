"""After a confirmed import: one DM per owner with their new tasks, and a summary in the campaign channel.

Written to the outbox in the Confirm's own transaction (keys `import:<id>:…`), delivered right after its commit;
when Slack is down the delivery pass sends them later, once."""

from __future__ import annotations

import logging
from collections import defaultdict

from slack_sdk.models.blocks import Block, ButtonElement, MarkdownTextObject, SectionBlock
from sqlmodel import Session

from bot.imports.blocks import owners_line
from bot.imports.service.tables import ImportOutcome
from bot.kernel import formatting
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, mention, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import Action
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.tasks.blocks.lines import TaskItem, task_items
from storage.repositories import campaigns as repo

log = logging.getLogger(__name__)


def enqueue_import_news(services: Services, session: Session, outcome: ImportOutcome, *, import_id: int,
                        actor_id: str, locale: str) -> list[str]:
    """The owners' DMs and the channel summary, in the caller's transaction; returns their outbox keys."""
    campaign = repo.get_campaign(session=session, campaign_id=outcome.campaign_id, team_id=None)
    if campaign is None:
        return []
    name, channel = campaign.name, campaign.channel_id
    now = services.clock.now()
    keys: list[str] = []

    def tell(to: str, key: str, text: str, blocks: list[Block]) -> None:
        outbox.enqueue(session, key=key, kind="import_news", channel=to, text=text, blocks=blocks, now=now,
                       campaign_id=campaign.id)
        keys.append(key)

    by_owner: dict[str, list[TaskItem]] = defaultdict(list)
    for task in sorted(outcome.added, key=lambda task: (task.due_at, task.pk)):
        if task.owner_id:  # an unassigned task has nobody to tell; the campaign's owner sees it in the summary
            by_owner[task.owner_id].append(TaskItem.of(task, campaign))
    for owner, items in by_owner.items():
        reader = services.locale_for(owner)
        intro = t("imports.done.dm_tasks", reader, actor=mention(actor_id),
                  count=formatting.number(len(items), reader), name=escape(name))
        blocks = [SectionBlock(text=MarkdownTextObject(text=truncate(intro, SECTION_TEXT_LIMIT))),
                  *task_items(items, services.locale_for(owner), now)]
        tell(owner, f"import:{import_id}:dm:{owner}", intro, blocks)

    fate = "imports.done.missing_closed" if outcome.closed else "imports.done.missing_kept"
    summary = t(
        "imports.done.channel", locale, actor=mention(actor_id), name=escape(name), added=len(outcome.added),
        changed=outcome.changed, unchanged=outcome.unchanged, missing=outcome.missing, missing_fate=t(fate, locale),
        milestones_added=outcome.milestones_added, milestones_moved=outcome.milestones_moved,
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=truncate(summary, SECTION_TEXT_LIMIT)))]
    if outcome.added:
        blocks.append(SectionBlock(
            text=MarkdownTextObject(text=owners_line(outcome.owners().most_common(), locale)),
            # The people who own the work are usually the ones who report its figures.
            accessory=ButtonElement(text=t("imports.done.make_reporters", locale), value=str(outcome.campaign_id),
                                    action_id=Action.ADD_OWNERS_AS_REPORTERS),
        ))
    tell(channel, f"import:{import_id}:summary", summary, blocks)
    return keys
