"""The campaign workbook: the review (复盘) first — key figures, KPIs against targets, budget lines, sources,
lessons — then the daily reports, tasks (with the ID column re-import reads back), milestones and incidents.

Made for people: names instead of Slack ids, statuses and kinds in the reader's language, numbers as numbers
with their formats (`#,##0`, `0.0%`, `¥#,##0.00`). Every text cell that a spreadsheet would read as a formula
(`=`, `+`, `-`, `@`, and tab/CR tricks) is neutralised with a leading apostrophe, so a feedback comment like
`=HYPERLINK(...)` stays text. Control characters XML forbids (a Word soft line break pasted into a complaint) are
cleaned from every text cell on the way in, so one of them cannot make every export of the campaign fail.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot.export.render.targets import goal_table
from bot.feedback.blocks.satisfaction import satisfaction_text
from bot.kernel import formatting
from bot.kernel.i18n import t
from bot.plan.rules.budget_lines import line_of
from bot.reports.rules.form import conversion_rate
from bot.review.blocks.lines import finding_text, line_name, metric_name
from bot.review.rules import ReviewPackage
from bot.tasks.rules.tasks import external_id

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COUNT, PERCENT, MONEY, MOMENT, DAY, HOURS = "#,##0", "0.0%", "¥#,##0.00", "yyyy-mm-dd hh:mm", "yyyy-mm-dd", "[h]:mm"
Row = Sequence[object]
NameOf = Callable[[str], str]
_KNOWN_KINDS = ("equipment", "public_opinion", "traffic", "supply", "weather", "safety")


def safe_cell(value: object) -> object:
    """Every text cell goes through here: made writable, then formula-safe."""
    if not isinstance(value, str):
        return value
    value = writable(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def writable(text: str) -> str:
    """`text` without the control characters XML 1.0 forbids (openpyxl refuses the whole workbook for one of them,
    and would for every export after). Word's soft line break (U+000B) and a form feed become a line break; the
    others go."""
    return ILLEGAL_CHARACTERS_RE.sub(lambda found: "\n" if found.group() in "\x0b\x0c" else "", text)


def _cell(value: object) -> object:
    """What openpyxl stores: exact money as a number (Excel has no decimals), text made formula-safe."""
    if isinstance(value, Decimal):
        return float(value)
    return safe_cell(value)


def _sheet(workbook: Workbook, title: str, headers: Sequence[str], rows: Iterable[Row],
           formats: Sequence[str | None] = ()) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(header) for header in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_cell(value) for value in row])
        for column, number_format in enumerate(formats, start=1):
            if number_format:
                sheet.cell(row=sheet.max_row, column=column).number_format = number_format
    for column, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(12, min(40, len(header) * 2 + 4))
    sheet.freeze_panes = "A2"


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    # Excel has no time zones: write the campaign's local time, without tzinfo (openpyxl refuses aware values).
    return moment.astimezone(zone).replace(tzinfo=None) if moment else None


def campaign_workbook(*, campaign: Any, reports: Sequence[Any], tasks: Sequence[Any], milestones: Sequence[Any],
                      incidents: Sequence[Any], locale: str | None, review: ReviewPackage | None = None,
                      name_of: NameOf | None = None) -> bytes:
    zone = ZoneInfo(campaign.timezone)
    name = name_of or (lambda user_id: user_id)
    workbook = Workbook()
    workbook.remove(workbook.active)
    if review is not None:
        _review_sheets(workbook, review, locale, name)
    _sheet(workbook, t("export.sheet.reports", locale), [t(f"export.reports.{column}", locale) for column in (
        "day", "source", "reporter", "exposure", "clicks", "participants", "conversions", "conversion_rate",
        "sales", "spend", "budget_line", "new_members", "feedback_type", "feedback", "updated",
        # the figures rate and lift targets need (bot.plan.rules.targets), last so the columns above keep their place
        "new_customers", "brand_searches", "repeat_buyers")], (
        (r.day, r.source, name(r.reporter_id), r.exposure, r.clicks, r.participants, r.conversions, _rate(r),
         r.sales, r.spend, line_name(line_of(r.budget_line), locale) if r.spend is not None else "", r.new_members,
         t(f"reports.feedback.{r.feedback_type}", locale) if r.feedback_type else "", r.feedback,
         _local(r.updated_at, zone), r.new_customers, r.brand_searches, r.repeat_buyers)
        for r in reports),
        formats=(DAY, None, None, COUNT, COUNT, COUNT, COUNT, PERCENT, MONEY, MONEY, None, COUNT, None, None, MOMENT,
                 COUNT, COUNT, COUNT))
    _sheet(workbook, t("export.sheet.tasks", locale), [t(f"export.tasks.{column}", locale) for column in (
        "id", "task", "owner", "collaborators", "due", "deliverable", "phase", "notes", "status", "blocked")], (
        # The owner by name re-imports through the workspace's member list, like a table people wrote.
        (external_id(task.id), task.title, name(task.owner_id) if task.owner_id else "", task.collaborators,
         _local(task.due_at, zone),
         task.deliverable, task.phase_label or task.phase or "", task.notes, _task_status(task.status, locale),
         task.blocked_reason or "")
        for task in tasks),
        formats=(None, None, None, None, MOMENT))
    _sheet(workbook, t("export.sheet.milestones", locale),
           [t(f"export.milestones.{column}", locale) for column in ("name", "day", "owner", "state", "done")],
           ((milestone.name, milestone.on_date, name(milestone.owner_id) if milestone.owner_id else "",
             t(f"export.milestone_state.{milestone.state}", locale), _local(milestone.done_at, zone))
            for milestone in milestones), formats=(None, DAY, None, None, MOMENT))
    _sheet(workbook, t("export.sheet.incidents", locale), [t(f"export.incidents.{column}", locale) for column in (
        "id", "kind", "severity", "status", "description", "reporter", "opened", "acknowledged", "resolved")], (
        (incident.id, _kind(incident.kind, locale), t(f"incidents.severity.{incident.severity}", locale),
         t(f"export.incident_status.{incident.status}", locale), incident.description, name(incident.reporter_id),
         _local(incident.created_at, zone), _local(incident.acknowledged_at, zone), _local(incident.resolved_at, zone))
        for incident in incidents),
        formats=(None, None, None, None, None, None, MOMENT, MOMENT, MOMENT))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _review_sheets(workbook: Workbook, package: ReviewPackage, locale: str | None, name: NameOf) -> None:
    review, subject = package.review, package.subject
    money_or_count = {metric: MONEY if metric in ("sales", "spend") else COUNT for metric in
                      ("exposure", "clicks", "participants", "conversions", "sales", "spend", "new_members")}
    budget, tasks, incidents = review.budget, review.tasks, review.incidents
    figures: list[tuple[str, object, str | None]] = [
        (t("export.review.campaign", locale), subject.name, None),
        (t("export.review.status", locale), t(f"campaigns.status.{subject.status}", locale), None),
        (t("export.review.dates", locale), formatting.day_range(subject.start, subject.end, locale), None),
        (t("export.review.owner", locale), name(subject.owner_id), None),
        (t("export.review.through", locale), review.through, DAY),
        (t("export.review.roi", locale), review.roi, PERCENT),
        (metric_name("sales", locale), review.totals.sales, MONEY),
        (metric_name("spend", locale), review.totals.spend, MONEY),
        (t("export.review.conversion_rate", locale), review.conversion_rate, PERCENT),
        (t("export.review.budget", locale), budget.budget, MONEY),
        (t("export.review.budget_used", locale), budget.used, PERCENT),
        (t("export.review.remaining", locale), budget.remaining, MONEY),
        (t("export.review.contingency", locale), budget.contingency, MONEY),
        (t("export.review.on_time", locale), tasks.on_time_rate, PERCENT),
        (t("export.review.tasks_done", locale), tasks.done, COUNT),
        (t("export.review.tasks_late", locale), tasks.done_late, COUNT),
        (t("export.review.tasks_overdue", locale), len(tasks.overdue), COUNT),
        (t("export.review.incidents", locale), incidents.count, COUNT),
        (t("export.review.unresolved", locale), incidents.unresolved, COUNT),
        (t("export.review.mtta", locale), incidents.mtta, HOURS),
        (t("export.review.mttr", locale), incidents.mttr, HOURS),
        *((t(f"reports.feedback.{kind.value}", locale), count, COUNT) for kind,
          count in review.feedback.counts.items()),
        (t("review.section.satisfaction", locale), satisfaction_text(package.follow_through.satisfaction, locale),
         None),
    ]
    rows: list[tuple[object, object]] = [(label, _duration(value)) for label, value, _ in figures]
    formats = [number_format for _, _, number_format in figures]
    for title, findings in ((t("review.section.worked", locale), review.worked),
                            (t("review.section.fell_short", locale), review.fell_short)):
        rows.append(("", ""))
        rows.append((title, ""))
        rows += [("", finding_text(finding, locale, _as_typed)) for finding in findings]
    _sheet(workbook, t("export.sheet.review", locale),
           [t("export.review.item", locale), t("export.review.value", locale)], rows)
    sheet = workbook[t("export.sheet.review", locale)[:31]]
    for index, number_format in enumerate(formats, start=2):
        if number_format:
            sheet.cell(row=index, column=2).number_format = number_format
    sheet.column_dimensions["B"].width = 60

    _sheet(workbook, t("export.sheet.kpis", locale),
           [t(f"export.kpis.{column}", locale) for column in ("kpi", "target", "actual", "attained")],
           [(metric_name(kpi.metric, locale), kpi.target, kpi.actual, kpi.attained) for kpi in review.kpis])
    kpi_sheet = workbook[t("export.sheet.kpis", locale)[:31]]
    for index, kpi in enumerate(review.kpis, start=2):
        for column, number_format in ((2, money_or_count[kpi.metric]), (3, money_or_count[kpi.metric]), (4, PERCENT)):
            kpi_sheet.cell(row=index, column=column).number_format = number_format
    if review.goals:
        headers, goal_rows, goal_formats = goal_table(review.goals, locale)
        _sheet(workbook, t("export.sheet.targets", locale), headers, goal_rows)
        goal_sheet = workbook[t("export.sheet.targets", locale)[:31]]
        for index, row_formats in enumerate(goal_formats, start=2):
            for column, number_format in enumerate(row_formats, start=1):
                if number_format:
                    goal_sheet.cell(row=index, column=column).number_format = number_format

    _sheet(workbook, t("export.sheet.budget_lines", locale),
           [t(f"export.lines.{column}", locale) for column in ("line", "planned", "actual", "variance", "used")],
           [(line_name(line.line, locale), line.planned, line.actual, line.variance, line.used)
            for line in budget.lines], formats=(None, MONEY, MONEY, MONEY, PERCENT))

    shown = ("exposure", "clicks", "participants", "conversions", "sales", "spend")
    _sheet(workbook, t("export.sheet.sources", locale),
           [t("export.sources.source", locale), *(metric_name(metric, locale) for metric in shown),
            t("export.sources.share", locale), t("export.sources.roi", locale)],
           [(source.source, *(source.figures.value(metric) for metric in shown), source.shares.get("sales"),
             source.roi) for source in review.sources],
           formats=(None, *(money_or_count[metric] for metric in shown), PERCENT, PERCENT))

    _sheet(workbook, t("export.sheet.lessons", locale),
           [t(f"export.lessons.{column}", locale) for column in ("author", "updated", "worked", "fell_short",
                                                                 "next_time")],
           [(name(lesson.author_id), _local(lesson.at, ZoneInfo(subject.timezone)), lesson.worked, lesson.fell_short,
             lesson.next_time) for lesson in review.lessons], formats=(None, MOMENT))


def _as_typed(text: str) -> str:
    """User text (a source's name) goes into a cell as typed; cells are made formula-safe on the way in."""
    return text


def _duration(value: object) -> object:
    # A timedelta is stored as a fraction of days; "[h]:mm" shows it as hours and minutes.
    return value / timedelta(days=1) if isinstance(value, timedelta) else value


def _task_status(status: str, locale: str | None) -> str:
    return t(f"tasks.status.{status}", locale) if status in ("open", "done", "blocked", "cancelled") else status


def _kind(kind: str, locale: str | None) -> str:
    return t(f"incidents.kind.{kind}", locale) if kind in _KNOWN_KINDS else kind


def _rate(report: Any) -> float | None:
    rate = conversion_rate(report.conversions, report.participants, report.clicks)
    return float(round(rate, 4)) if rate is not None else None
