"""`/campaign history`: the audit log of one campaign, newest first, a page at a time, in the reader's words and
time zone. Every value from the log is user data: escaped."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Protocol

from slack_sdk.models.blocks import ActionsBlock, Block, ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock

from bot.kernel import formatting
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, mention, safe_text, truncate
from bot.kernel.i18n import DEFAULT_LANGUAGE, catalogue, t
from bot.kernel.ids import Action
from bot.plan.rules.budget_lines import BudgetLine
from bot.reports.rules.form import COUNT_FIELDS

PAGE = 10
VALUE_SHOWN = 80
TITLE_SHOWN = 60
CHANGES_SHOWN = 6
# Values that are codes, shown in words: which catalogue prefix names them, per kind of object.
STATUS_WORDS = {"campaign": "campaigns.status.", "task": "tasks.status.", "incident": "incidents.status."}
# The log keeps amounts as plain decimal strings ("250000"); people read them as money and counts ("¥250,000").
MONEY_NAMES = frozenset({"budget", "sales", "spend", "kpi_sales", "target_average_order_value",
                         *(line.value for line in BudgetLine)})
COUNT_NAMES = frozenset({*COUNT_FIELDS, *(f"kpi_{name}" for name in COUNT_FIELDS), "added", "changed", "closed",
                         "milestones", "unassigned", "baseline_brand_searches"})
DAY_NAMES = frozenset({"start", "end", "day"})
PEOPLE_NAMES = frozenset({"sponsor", "reporters", "owner", "owner_id", "approvers"})
# What a person wrote (an approver's comment) is read in full, as far as the log keeps it.
LONG_TEXT_NAMES = frozenset({"comment", "changes"})
COMMENT_SHOWN = 300


class EntryLike(Protocol):
    actor_id: str | None
    at: datetime
    object_type: str
    object_id: int | None
    action: str
    before: str | None
    after: str | None


def history_blocks(*, campaign_id: int, campaign_name: str, entries: Sequence[EntryLike], total: int, offset: int,
                   locale: str | None, timezone: str) -> list[Block]:
    title = safe_text("history.title", locale, name=campaign_name)
    if not entries:
        return [SectionBlock(text=MarkdownTextObject(text=f"{title}\n{t('history.empty', locale)}"))]
    lines = [_line(entry, locale, timezone) for entry in entries]
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=truncate(title, SECTION_TEXT_LIMIT)))]
    chunk = ""
    for line in lines:
        if chunk and len(chunk) + 1 + len(line) > SECTION_TEXT_LIMIT:
            blocks.append(SectionBlock(text=MarkdownTextObject(text=chunk)))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else truncate(line, SECTION_TEXT_LIMIT)
    blocks.append(SectionBlock(text=MarkdownTextObject(text=chunk)))
    shown = t("history.shown", locale, first=formatting.number(offset + 1, locale),
              last=formatting.number(offset + len(entries), locale), total=formatting.number(total, locale))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=shown)]))
    if offset + len(entries) < total:
        blocks.append(ActionsBlock(block_id=f"history-{campaign_id}", elements=[ButtonElement(
            text=t("history.older", locale), action_id=Action.HISTORY_PAGE, value=f"{campaign_id}:{offset + PAGE}",
        )]))
    return blocks


def _line(entry: EntryLike, locale: str | None, timezone: str) -> str:
    who = mention(entry.actor_id) if entry.actor_id else t("history.bot", locale)
    what = _what(entry, locale)
    changes = _changes(entry, locale)
    return t("history.line", locale, when=formatting.moment(entry.at, timezone, locale), who=who, what=what,
             changes=f" — {changes}" if changes else "")


def _what(entry: EntryLike, locale: str | None) -> str:
    # A task is named by its title (kept in the entry) rather than an id nobody sees anywhere else.
    title = _load(entry.before).get("title") or _load(entry.after).get("title")
    if entry.object_type == "task" and isinstance(title, str) and title.strip():
        titled = _words(f"history.task.{entry.action}.titled", locale,
                        title=escape(truncate(title.strip(), TITLE_SHOWN)))
        if titled:
            return titled
    return _words(f"history.{entry.object_type}.{entry.action}", locale, id=entry.object_id) or \
        escape(f"{entry.object_type} {entry.action}")


def _changes(entry: EntryLike, locale: str | None) -> str:
    before, after = _load(entry.before), _load(entry.after)
    # A change from a value to itself says nothing; neither does a field that was empty and stays empty.
    names = [name for name in after if (before[name] != after[name] if name in before else not _empty(after[name]))]
    parts = []
    for name in names[:CHANGES_SHOWN]:
        label = _words(f"history.field.{name}", locale) or escape(name)
        new = _value(entry.object_type, name, after[name], locale)
        if name in before:
            parts.append(t("history.change", locale, field=label, before=_value(entry.object_type, name,
                                                                                 before[name], locale), after=new))
        else:
            parts.append(t("history.value", locale, field=label, value=new))
    return "; ".join(parts)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []


def _value(object_type: str, name: str, value: object, locale: str | None) -> str:
    if value is None and name == "owner_id" and object_type == "task":
        return t("tasks.unassigned", locale)
    if _empty(value):
        return "—"
    if name == "status" and object_type in STATUS_WORDS and isinstance(value, str):
        words = _words(f"{STATUS_WORDS[object_type]}{value}", locale)
        if words:
            return words
    shown = _typed(name, value, locale)
    if shown is not None:
        return shown
    limit = COMMENT_SHOWN if name in LONG_TEXT_NAMES else VALUE_SHOWN
    if isinstance(value, list):
        separator = "; " if name in LONG_TEXT_NAMES else ", "
        return escape(truncate(separator.join(str(item) for item in value), limit))
    return escape(truncate(str(value), limit))


def change_text(name: str, before: object, after: object, locale: str | None, *, object_type: str = "campaign") -> str:
    """One field's change in the reader's words ("budget: ¥200,000 → ¥250,000"), from values as the audit log
    keeps them (amounts as plain decimal strings, days in ISO form)."""
    label = _words(f"history.field.{name}", locale) or escape(name)
    return t("history.change", locale, field=label, before=_value(object_type, name, before, locale),
             after=_value(object_type, name, after, locale))


def _typed(name: str, value: object, locale: str | None) -> str | None:
    """Money as money, counts with separators, days as days, people as mentions; None when the value is not one."""
    if name in PEOPLE_NAMES:
        people = value if isinstance(value, list) else [value]
        return formatting.listing([mention(str(user)) for user in people if user], locale) or None
    try:
        if name in MONEY_NAMES and isinstance(value, str | int | float):
            return formatting.money(Decimal(str(value)), locale)
        if name in COUNT_NAMES and isinstance(value, str | int) and not isinstance(value, bool):
            return formatting.number(Decimal(str(value)), locale)
        if name in DAY_NAMES and isinstance(value, str):
            return formatting.day(date.fromisoformat(value[:10]), locale)
    except (InvalidOperation, ValueError):
        return None  # an older entry in another shape: shown as stored
    return None


def _words(key: str, locale: str | None, **params: object) -> str | None:
    """The catalogue's words for a key built from stored data, or None when the log holds something unknown."""
    return t(key, locale, **params) if key in catalogue(DEFAULT_LANGUAGE) else None


def _load(text: str | None) -> dict[str, object]:
    try:
        value = json.loads(text) if text else {}
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}
