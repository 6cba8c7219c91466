"""What each reminder says, in the recipient's language, with the task's buttons where there is a task."""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from bot.campaigns.rules.reminders import Stage
from bot.kernel import formatting
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, mention, owner_text, truncate
from bot.kernel.i18n import t
from bot.tasks.blocks.lines import TaskItem, due_shown, task_items
from storage.models import Campaign, Milestone, Task


def task_reminder(stage: Stage, task: Task, campaign: Campaign, zone: str, locale: str,
                  now: datetime) -> tuple[str, list[Block]]:
    text = t(
        f"reminders.{stage.kind}", locale, title=escape(task.title), campaign=escape(campaign.name),
        when=due_shown(task.due_at, campaign.timezone, zone, locale), days=stage.days,
        owner=owner_text(task.owner_id, locale),
    )
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT)))]
    blocks += task_items([TaskItem.of(task, campaign)], locale, now)
    return text, blocks


def milestone_reminder(stage: Stage, milestone: Milestone, campaign: Campaign, locale: str) -> str:
    return t(f"reminders.{stage.kind}", locale, name=escape(milestone.name), campaign=escape(campaign.name),
             days=stage.days, day=formatting.day(milestone.on_date, locale))


def campaign_announcement(stage: Stage, campaign: Campaign, locale: str) -> str:
    return t(f"reminders.{stage.kind}", locale, campaign=escape(campaign.name), owner=mention(campaign.owner_id),
             end=formatting.day(campaign.end_date, locale))
