"""Tasks in Slack: task lines with Done / Blocked / Open buttons, a campaign's whole table, and the task modals.

`task_items` is shared: `/campaign tasks`, the DMs sent when a table is imported and the re-render after a click
all build their task blocks with it, so a click can always find its tasks again through `task_ids_in`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal, Protocol
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
    UserSelectElement,
)
from slack_sdk.models.views import View as SlackView

from bot.campaigns.rules.campaign import Phase
from bot.kernel import formatting
from bot.kernel.blockkit.inputs import date_input, input_block, modal, text_input
from bot.kernel.blockkit.text import (
    MESSAGE_BLOCK_LIMIT,
    PLAIN_TEXT_LIMIT,
    SECTION_TEXT_LIMIT,
    escape,
    fit_lines,
    owner_text,
    truncate,
)
from bot.kernel.i18n import t
from bot.kernel.ids import INPUT, Action, Field, View
from bot.tasks.rules.item import DETAIL_FIELDS, TaskItem, TaskLike, ZonedCampaign, details_of
from bot.tasks.rules.tasks import ACTIVE, TaskStatus, count_tasks, is_overdue

# Two blocks per task plus the "more" note (and room for a header or intro) stay within Slack's 50 blocks.
DEFAULT_ITEMS = 23
MAX_ITEMS = (MESSAGE_BLOCK_LIMIT - 2) // 2
MORE_BLOCK_ID = "task-more"
TASK_BLOCK = re.compile(r"^task-(\d+)$")
TASK_ACTIONS_BLOCK = re.compile(r"^task-actions-(\d+)$")
REASON_MAX = 500
MILESTONE_NAME_MAX = 200
TITLE_SHOWN = 1000  # characters of a task title in one task's section
REASON_SHOWN = 1000
LINE_TITLE_SHOWN = 200  # in the whole-table view, where many tasks share a section
LINE_REASON_SHOWN = 150
UPCOMING_MILESTONES_SHOWN = 8
DETAIL_SHOWN = 500  # characters of each detail in one task's section
LINE_DETAIL_SHOWN = 80

STATUS_BUTTONS: tuple[tuple[TaskStatus, Action, str | None], ...] = (
    (TaskStatus.DONE, Action.TASK_DONE, "primary"),
    (TaskStatus.BLOCKED, Action.TASK_BLOCKED, "danger"),
    (TaskStatus.OPEN, Action.TASK_OPEN, None),
)


class TableTaskLike(TaskLike, Protocol):
    phase: str | None
    phase_label: str | None


class MilestoneLike(Protocol):
    name: str
    on_date: date


def detail_lines(details: dict[str, str], locale: str | None, *, shown: int) -> list[str]:
    """One line per detail the task has, each escaped and cut to `shown` characters."""
    return [t(f"tasks.detail.{name}", locale, value=truncate(escape(value).replace("\n", " · "), shown))
            for name in DETAIL_FIELDS if (value := details.get(name))]


def _section(text: str, block_id: str | None = None) -> SectionBlock:
    return SectionBlock(block_id=block_id, text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT)))


def _context(text: str, block_id: str | None = None) -> ContextBlock:
    return ContextBlock(block_id=block_id, elements=[MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT))])


def status_label(status: str, locale: str | None) -> str:
    known = status in {member.value for member in TaskStatus}
    return t(f"tasks.status.{status}", locale) if known else escape(status)


def task_items(
    items: Sequence[TaskItem], locale: str | None, now: datetime, *, limit: int = DEFAULT_ITEMS
) -> list[Block]:
    """One section and one row of buttons per task (the current status's button left out), at most `limit`
    tasks, then "…and N more" when some did not fit."""
    limit = max(0, min(limit, MAX_ITEMS))
    blocks: list[Block] = []
    for item in items[:limit]:
        blocks.append(_section(_item_text(item, locale, now), block_id=f"task-{item.id}"))
        buttons = [
            ButtonElement(text=truncate(t(f"tasks.button.{status.value}", locale), PLAIN_TEXT_LIMIT),
                          action_id=action, value=str(item.id), style=style)
            for status, action, style in STATUS_BUTTONS
            if status != item.status
        ]
        if item.status != TaskStatus.CANCELLED:  # a dropped task cannot be moved any more
            blocks.append(ActionsBlock(block_id=f"task-actions-{item.id}", elements=buttons))
    hidden = len(items) - min(len(items), limit)
    if hidden > 0:
        blocks.append(_context(t("tasks.more", locale, count=formatting.number(hidden, locale)),
                               block_id=MORE_BLOCK_ID))
    return blocks


def _item_text(item: TaskItem, locale: str | None, now: datetime) -> str:
    title = f"*{truncate(escape(item.title), TITLE_SHOWN)}*"
    if is_overdue(item.status, item.due_at, now):
        title += f"  {t('tasks.overdue', locale)}"
    if not item.owner_id:  # shown to the campaign's owner, who answers for it until someone owns it
        title += f"  _{t('tasks.unassigned', locale)}_"
    lines = [
        title,
        t("tasks.line.due", locale, due=formatting.due(item.due_at, item.timezone, locale),
          campaign=truncate(escape(item.campaign_name), PLAIN_TEXT_LIMIT), status=status_label(item.status, locale)),
    ]
    lines += detail_lines(details_of(item), locale, shown=DETAIL_SHOWN)
    if item.status == TaskStatus.BLOCKED and item.blocked_reason:
        lines.append(t("tasks.blocked_reason", locale, reason=truncate(escape(item.blocked_reason), REASON_SHOWN)))
    return "\n".join(lines)


def task_ids_in(blocks: Sequence[dict[str, Any]]) -> list[int]:
    """The task ids of a message built with `task_items`, in message order."""
    ids: list[int] = []
    for block in blocks:
        match = TASK_BLOCK.match(str(block.get("block_id") or ""))
        if match and int(match[1]) not in ids:
            ids.append(int(match[1]))
    return ids


def is_task_block(block: dict[str, Any]) -> bool:
    block_id = str(block.get("block_id") or "")
    return bool(TASK_BLOCK.match(block_id) or TASK_ACTIONS_BLOCK.match(block_id))


def split_task_message(
    blocks: Sequence[dict[str, Any]],
) -> tuple[list[dict[str, Any]], list[int], list[dict[str, Any]]]:
    """A message's blocks as (blocks before its tasks, task ids, blocks after them), for re-rendering it."""
    positions = [index for index, block in enumerate(blocks) if is_task_block(block)]
    if not positions:
        return list(blocks), [], []
    return list(blocks[: positions[0]]), task_ids_in(blocks), list(blocks[positions[-1] + 1:])


# --- `/campaign tasks` -----------------------------------------------------------------------------------------

def my_tasks(items: Sequence[TaskItem], locale: str | None, now: datetime) -> list[Block]:
    if not items:
        return [_section(t("tasks.mine.empty", locale))]
    header = HeaderBlock(text=truncate(t("tasks.mine.title", locale), PLAIN_TEXT_LIMIT))
    return [header, *task_items(items, locale, now)]


# --- `/campaign tasks all` -------------------------------------------------------------------------------------

Grouping = Literal["phase", "owner"]
PHASE_ORDER: tuple[str, ...] = (*(phase.value for phase in Phase), "other")


def task_table(
    campaign: ZonedCampaign, tasks: Sequence[TableTaskLike], milestones: Sequence[MilestoneLike],
    locale: str | None, now: datetime, *, by: Grouping = "phase",
) -> list[Block]:
    """A campaign's whole table, grouped by phase or by owner: counts per group, a line per task (no buttons),
    totals and upcoming milestones; always within 50 blocks and 3,000 characters per section."""
    name = escape(campaign.name)
    tasks = [task for task in tasks if task.status != TaskStatus.CANCELLED]
    blocks: list[Block] = [HeaderBlock(text=truncate(t("tasks.all.title", locale, campaign=campaign.name),
                                                     PLAIN_TEXT_LIMIT))]
    if not tasks:
        blocks.append(_section(t("tasks.all.empty", locale, campaign=name)))
    else:
        blocks.append(_section(t("tasks.all.totals", locale, counts=_counts(tasks, locale, now))))
    blocks.append(_milestones_section(campaign, milestones, locale, now))
    groups = _group_by_phase(tasks, locale) if by == "phase" else _group_by_owner(tasks, locale)
    room = MESSAGE_BLOCK_LIMIT - len(blocks) - 1  # one left for "…and N more groups"
    for title, members in groups[:room]:
        blocks.append(_group_section(title, members, campaign, locale, now, show_owner=by == "phase"))
    if len(groups) > room:
        blocks.append(_context(t("tasks.all.more_groups", locale, count=len(groups) - room)))
    return blocks


def _counts(tasks: Sequence[TableTaskLike], locale: str | None, now: datetime) -> str:
    counts = count_tasks(((task.status, task.due_at) for task in tasks), now)
    return t("tasks.all.counts", locale, done=formatting.number(counts.done, locale),
             open=formatting.number(counts.open, locale), overdue=formatting.number(counts.overdue, locale),
             blocked=formatting.number(counts.blocked, locale))


def _by_due(tasks: Sequence[TableTaskLike]) -> list[TableTaskLike]:
    return sorted(tasks, key=lambda task: (task.due_at, task.id or 0))


def _group_by_phase(tasks: Sequence[TableTaskLike], locale: str | None) -> list[tuple[str, list[TableTaskLike]]]:
    buckets: dict[str, list[TableTaskLike]] = {}
    for task in tasks:
        key = task.phase if task.phase in PHASE_ORDER else "other"
        buckets.setdefault(key, []).append(task)
    return [(t(f"tasks.phase.{key}", locale), _by_due(buckets[key])) for key in PHASE_ORDER if key in buckets]


def _group_by_owner(tasks: Sequence[TableTaskLike], locale: str | None) -> list[tuple[str, list[TableTaskLike]]]:
    """One group per owner; whoever's next open or blocked task is due soonest comes first, people with
    nothing left to do last."""
    buckets: dict[str | None, list[TableTaskLike]] = {}
    for task in _by_due(tasks):
        buckets.setdefault(task.owner_id, []).append(task)

    def next_due(members: list[TableTaskLike]) -> tuple[bool, datetime]:
        active = [task.due_at for task in members if task.status in ACTIVE]
        return (not active, min(active) if active else members[0].due_at)

    ordered = sorted(buckets.items(), key=lambda entry: next_due(entry[1]))
    return [(owner_text(owner, locale), members) for owner, members in ordered]


def _group_section(
    title: str, tasks: Sequence[TableTaskLike], campaign: ZonedCampaign, locale: str | None, now: datetime,
    *, show_owner: bool,
) -> SectionBlock:
    head = t("tasks.all.group", locale, group=title, counts=_counts(tasks, locale, now))
    lines = [_table_line(task, campaign, locale, now, show_owner=show_owner) for task in tasks]
    return _section(fit_lines(head, lines, lambda hidden: t("tasks.all.more", locale, count=hidden)))


def _table_line(
    task: TableTaskLike, campaign: ZonedCampaign, locale: str | None, now: datetime, *, show_owner: bool
) -> str:
    if show_owner:
        who = owner_text(task.owner_id, locale)
    else:
        phase = task.phase if task.phase in PHASE_ORDER else None
        who = t(f"tasks.phase.{phase}", locale) if phase else escape(task.phase_label or "") or "—"
    line = t("tasks.all.line", locale, title=truncate(escape(task.title), LINE_TITLE_SHOWN),
             status=status_label(task.status, locale),
             due=formatting.due(task.due_at, campaign.timezone, locale), who=who)
    if is_overdue(task.status, task.due_at, now):
        line += t("tasks.all.overdue", locale)
    details = detail_lines(details_of(task), locale, shown=LINE_DETAIL_SHOWN)
    if details:
        line += "".join(f" · {detail}" for detail in details)
    if task.status == TaskStatus.BLOCKED and task.blocked_reason:
        line += t("tasks.all.line.blocked", locale, reason=truncate(escape(task.blocked_reason), LINE_REASON_SHOWN))
    return line


def due_shown(due_at: datetime, campaign_tz: str, reader_tz: str, locale: str | None) -> str:
    """A due time for someone who may live in another time zone than the campaign. A date-only due (the end of
    that day where the campaign runs) is that date, never the hour it happens to be where the reader is; a due
    with a time of day is shown in the reader's zone."""
    local = due_at.astimezone(ZoneInfo(campaign_tz))
    if local.time().replace(microsecond=0) == formatting.END_OF_DAY:
        return formatting.day(local.date(), locale)
    return formatting.due(due_at, reader_tz, locale)


def upcoming(milestones: Sequence[MilestoneLike], timezone: str, now: datetime) -> list[MilestoneLike]:
    """Milestones from today on (today in the campaign's time zone), soonest first."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    return sorted((m for m in milestones if m.on_date >= today), key=lambda m: m.on_date)


def _milestones_section(
    campaign: ZonedCampaign, milestones: Sequence[MilestoneLike], locale: str | None, now: datetime
) -> SectionBlock:
    coming = upcoming(milestones, campaign.timezone, now)
    if not coming:
        return _section(t("tasks.all.milestones.none", locale))
    lines = [t("tasks.all.milestone", locale, name=truncate(escape(m.name), LINE_TITLE_SHOWN),
               day=formatting.day(m.on_date, locale)) for m in coming[:UPCOMING_MILESTONES_SHOWN]]
    hidden = len(coming) - len(lines)
    if hidden:
        lines.append(t("tasks.all.more", locale, count=hidden))
    return _section(fit_lines(t("tasks.all.milestones", locale), lines,
                              lambda count: t("tasks.all.more", locale, count=count)))


# --- modals ----------------------------------------------------------------------------------------------------

def blocked_modal(item: TaskItem, private_metadata: str, locale: str | None) -> SlackView:
    intro = t("tasks.blocked.modal.intro", locale, title=truncate(escape(item.title), TITLE_SHOWN),
              campaign=truncate(escape(item.campaign_name), PLAIN_TEXT_LIMIT))
    return modal(
        View.TASK_BLOCKED_REASON, locale, title_key="tasks.blocked.modal.title",
            submit_key="tasks.blocked.modal.submit",
        metadata=private_metadata,
        blocks=[
            _section(intro),
            input_block(Field.REASON, t("tasks.blocked.reason", locale),
                        text_input(placeholder=t("tasks.blocked.reason.placeholder", locale), multiline=True,
                                   max_length=REASON_MAX)),
        ],
    )


def milestone_modal(private_metadata: str, locale: str | None) -> SlackView:
    return modal(
        View.NEW_MILESTONE, locale, title_key="readiness.milestone.modal.title",
            submit_key="readiness.milestone.modal.submit",
        metadata=private_metadata,
        blocks=[
            input_block(Field.MILESTONE_NAME, t("readiness.milestone.field.name", locale),
                        text_input(placeholder=t("readiness.milestone.field.name.placeholder", locale),
                                   max_length=MILESTONE_NAME_MAX)),
            input_block(Field.MILESTONE_DATE, t("readiness.milestone.field.date", locale), date_input()),
            input_block(Field.MILESTONE_OWNER, t("readiness.milestone.field.owner", locale),
                        UserSelectElement(action_id=INPUT), optional=True,
                        hint=t("readiness.milestone.field.owner.hint", locale)),
        ],
    )
