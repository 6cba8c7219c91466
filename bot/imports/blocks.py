"""Views and messages of the division-of-labour import: the input modal, the preview, the offer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from zoneinfo import ZoneInfo

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    CheckboxesElement,
    ContextBlock,
    DividerBlock,
    MarkdownTextObject,
    Option,
    SectionBlock,
)
from slack_sdk.models.blocks.block_elements import FileInputElement
from slack_sdk.models.views import View as SlackView

from bot.imports.rules import Code, Notice, RowIssue, TableParseResult
from bot.imports.rules.reimport import ImportPlan
from bot.kernel import formatting
from bot.kernel.blockkit.inputs import input_block, modal, text_input
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, mention, owner_text, truncate
from bot.kernel.i18n import t
from bot.kernel.ids import INPUT, Action, Field, View

MODAL_BLOCK_LIMIT = 100
PREVIEW_ROWS = 60
PREVIEW_ISSUES = 80
PASTE_LIMIT = 3000  # Slack's own cap on a plain-text input; bigger tables come as files


def import_modal(campaign_name: str, metadata: str, locale: str | None) -> SlackView:
    return modal(
        View.IMPORT_TABLE, locale, title_key="imports.modal.title", submit_key="imports.modal.next", metadata=metadata,
        blocks=[
            SectionBlock(text=MarkdownTextObject(text=truncate(
                t("imports.modal.intro", locale, name=escape(campaign_name)), SECTION_TEXT_LIMIT
            ))),
            input_block(Field.TABLE_TEXT, t("imports.field.table", locale),
                        text_input(multiline=True, max_length=PASTE_LIMIT), optional=True,
                        hint=t("imports.field.table.hint", locale)),
            input_block(Field.TABLE_FILE, t("imports.field.file", locale),
                        FileInputElement(action_id=INPUT, filetypes=["csv", "xlsx"], max_files=1), optional=True,
                        hint=t("imports.field.file.hint", locale)),
        ],
    )


def issue_text(code: Code | str, params: dict[str, object], locale: str | None) -> str:
    """One problem in words; list and id parameters are rendered for people first."""
    shown = {name: _param(name, value, locale) for name, value in params.items()}
    if code == Code.OWNER_UNKNOWN:
        shown["reason"] = t(f"imports.code.owner_unknown.{params.get('reason', 'not_found')}", locale)
    return t(f"imports.code.{code}", locale, **shown)


def _param(name: str, value: object, locale: str | None) -> object:
    if name == "candidates" and isinstance(value, list):
        return ", ".join(mention(str(user)) for user in value)
    if isinstance(value, list):
        return ", ".join(f"“{escape(str(item))}”" for item in value) or "—"
    if name in ("due", "campaign_end") and isinstance(value, str):
        return formatting.day(date.fromisoformat(value[:10]), locale)
    if name in ("size_bytes", "max_bytes") and isinstance(value, int):
        return f"{formatting.number(round(value / 1024 / 1024, 1), locale)} MB"
    if name in ("max_rows", "length", "limit") and isinstance(value, int):
        return formatting.number(value, locale)
    return escape(str(value)) if isinstance(value, str) else value


def notice_text(notice: Notice, locale: str | None) -> str:
    return t(f"imports.notice.{notice.code}", locale,
             **{name: _param(name, value, locale) for name, value in notice.params.items()})


def preview_view(
    *, campaign_name: str, timezone: str, source: str, result: TableParseResult, plan: ImportPlan | None,
    metadata: str, locale: str | None,
) -> SlackView:
    """Rows as understood, problems by row and column; Confirm only when every row is good, or when the only
    problems are unknown owners (those rows may be imported unassigned: a box to tick)."""
    zone = ZoneInfo(timezone)
    blocks: list[Block] = []
    unassigned = result.only_unknown_owners
    if plan is not None:
        summary = t(
            "imports.preview.summary", locale, name=escape(campaign_name), source=escape(source),
            tasks=len(result.tasks) + len(result.unassigned) * unassigned, milestones=len(result.milestones),
            added=len(plan.added),
            changed=len(plan.changed), unchanged=len(plan.unchanged),
        )
        blocks.append(SectionBlock(text=MarkdownTextObject(text=truncate(summary, SECTION_TEXT_LIMIT))))
    notes = [notice_text(notice, locale) for notice in result.notices]
    if notes:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=truncate(" ".join(notes), SECTION_TEXT_LIMIT))]))
    if not result.ok:
        blocks.append(SectionBlock(text=MarkdownTextObject(
            text=_counted("imports.preview.rows_to_fix", len({issue.row_number for issue in result.issues}), locale)
        )))
        lines = [_issue_line(issue, locale) for issue in result.issues[:PREVIEW_ISSUES]]
        if len(result.issues) > PREVIEW_ISSUES:
            lines.append(t("imports.preview.more_issues", locale, count=len(result.issues) - PREVIEW_ISSUES))
        blocks.extend(_sections(lines))
        if unassigned:
            label = _counted("imports.preview.unassigned_rows", len(result.unassigned), locale)
            blocks.append(input_block(
                Field.IMPORT_UNASSIGNED, t("imports.preview.unassigned.label", locale),
                CheckboxesElement(action_id=INPUT, options=[Option(value="unassigned", text=truncate(label, 75))]),
                optional=True,
            ))
    if result.ok or unassigned:
        assert plan is not None
        if plan.missing:
            blocks.append(SectionBlock(text=MarkdownTextObject(
                text=_counted("imports.preview.missing_tasks", len(plan.missing), locale)
            )))
            label = _counted("imports.preview.close_missing_tasks", len(plan.missing), locale)
            blocks.append(input_block(
                Field.CLOSE_MISSING, t("imports.preview.missing.label", locale),
                CheckboxesElement(action_id=INPUT, options=[Option(value="close", text=truncate(label, 75))]),
                optional=True,
            ))
        blocks.append(DividerBlock())
        blocks.append(SectionBlock(text=MarkdownTextObject(text=t("imports.preview.rows", locale))))
        changed = {row.row_number: fields for _, row, fields in plan.changed}
        rows = sorted([*result.tasks, *(result.unassigned if unassigned else [])], key=lambda row: row.row_number)
        lines = [_row_line(row, zone, changed.get(row.row_number), locale) for row in rows[:PREVIEW_ROWS]]
        lines += [
            t("imports.preview.milestone", locale, row=row.row_number, name=escape(row.name),
              day=formatting.day(row.date.astimezone(zone).date(), locale))
            for row in result.milestones[: max(0, PREVIEW_ROWS - len(lines))]
        ]
        hidden = len(rows) + len(result.milestones) - len(lines)
        if hidden > 0:
            lines.append(t("imports.preview.more_rows", locale, count=hidden))
        blocks.extend(_sections(lines))
    return modal(View.IMPORT_PREVIEW, locale, title_key="imports.preview.title", metadata=metadata,
                 submit_key="imports.preview.confirm" if result.ok or unassigned else None,
                 close_key="imports.preview.back",
                 blocks=blocks[:MODAL_BLOCK_LIMIT])


def _counted(key: str, count: int, locale: str | None) -> str:
    # The plural form is chosen from the count; the reader sees it grouped ("1,200").
    return t(key, locale, count=formatting.number(count, locale))


def _row_line(row, zone: ZoneInfo, changed: list[str] | None, locale: str | None) -> str:  # type: ignore[no-untyped-def]
    # A known phase is a code ("warmup"): shown in the reader's words; an unknown one as the table wrote it.
    name = t(f"tasks.phase.{row.phase}", locale) if row.phase else escape(row.phase_label or "")
    phase = f" · {name}" if name else ""
    line = t("imports.preview.row", locale, row=row.row_number, task=escape(truncate(row.task, 120)),
             owner=owner_text(row.owner_id, locale), due=formatting.due(row.due, str(zone), locale), phase=phase)
    if changed:
        # Field names in words ("due", "完成时间"), each once: phase and its label are one column of the table.
        names = list(dict.fromkeys(t(f"imports.changed.{name}", locale) for name in changed))
        line += f" _({t('imports.preview.changed_fields', locale, fields=formatting.listing(names, locale))})_"
    return line


def _issue_line(issue: RowIssue, locale: str | None) -> str:
    if issue.row_number is not None and issue.column:
        where = t("imports.preview.where.row_column", locale, row=issue.row_number, column=escape(issue.column))
    elif issue.row_number is not None:
        where = t("imports.preview.where.row", locale, row=issue.row_number)
    else:
        where = t("imports.preview.where.table", locale)
    return t("imports.preview.issue", locale, where=where, what=issue_text(issue.code, dict(issue.params), locale))


def _sections(lines: Iterable[str]) -> list[Block]:
    """Pack lines into as few sections as Slack's 3,000-character limit allows."""
    sections: list[Block] = []
    chunk = ""
    for line in lines:
        line = truncate(line, SECTION_TEXT_LIMIT)
        if chunk and len(chunk) + 1 + len(line) > SECTION_TEXT_LIMIT:
            sections.append(SectionBlock(text=MarkdownTextObject(text=chunk)))
            chunk = ""
        chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        sections.append(SectionBlock(text=MarkdownTextObject(text=chunk)))
    return sections


def notice_view(text: str, locale: str | None) -> SlackView:
    """Replaces the preview when Confirm cannot go ahead; the modal has no input to hang an error on."""
    return modal(View.IMPORT_PREVIEW, locale, title_key="imports.preview.title", submit_key=None,
                 close_key="imports.preview.back",
                 blocks=[SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT)))])


def offer_blocks(*, user_id: str, file_name: str, campaign_name: str, value: str, locale: str | None) -> list[Block]:
    text = t("imports.offer", locale, user=mention(user_id), file=escape(file_name), name=escape(campaign_name))
    return [
        SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT))),
        ActionsBlock(elements=[ButtonElement(text=t("imports.offer.button", locale),
                                             action_id=Action.IMPORT_SHARED_FILE,
                                             value=value, style="primary")]),
    ]


def owners_line(counts: Sequence[tuple[str | None, int]], locale: str | None) -> str:
    owners = " · ".join(f"{owner_text(user, locale)} {formatting.number(count, locale)}" for user, count in counts)
    return truncate(t("imports.done.owners", locale, owners=owners), SECTION_TEXT_LIMIT)
