"""The campaign workbook: daily reports, tasks (with the ID column re-import reads back), milestones, incidents.

Every text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, and tab/CR tricks) is
neutralised with a leading apostrophe, so a feedback comment like `=HYPERLINK(...)` stays text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from io import BytesIO
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bot.domain.report_form import conversion_rate
from bot.domain.tasks import external_id
from bot.i18n import t

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
Row = Sequence[object]


def safe_cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _sheet(workbook: Workbook, title: str, headers: Sequence[str], rows: Iterable[Row]) -> None:
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append([safe_cell(header) for header in headers])
    for row in rows:
        sheet.append([safe_cell(value) for value in row])
    for column, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(10, min(40, len(header) + 4))
    sheet.freeze_panes = "A2"


def _local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    # Excel has no time zones: write the campaign's local time, without tzinfo (openpyxl refuses aware values).
    return moment.astimezone(zone).replace(tzinfo=None) if moment else None


def campaign_workbook(*, campaign, reports, tasks, milestones, incidents, locale: str | None) -> bytes:  # type: ignore[no-untyped-def]
    zone = ZoneInfo(campaign.timezone)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(workbook, t("export.sheet.reports", locale), [t(f"export.reports.{name}", locale) for name in (
        "day", "source", "reporter", "exposure", "clicks", "participants", "conversions", "conversion_rate",
        "sales", "spend", "new_members", "feedback_type", "feedback", "updated")], (
        (r.day, r.source, r.reporter_id, r.exposure, r.clicks, r.participants, r.conversions,
         _rate(r), r.sales, r.spend, r.new_members, r.feedback_type or "", r.feedback, _local(r.updated_at, zone))
        for r in reports))
    _sheet(workbook, t("export.sheet.tasks", locale), [t(f"export.tasks.{name}", locale) for name in (
        "id", "task", "owner", "collaborators", "due", "deliverable", "phase", "notes", "status", "blocked")], (
        (external_id(task.id), task.title, f"<@{task.owner_id}>", task.collaborators, _local(task.due_at, zone),
         task.deliverable, task.phase_label or task.phase or "", task.notes, task.status, task.blocked_reason or "")
        for task in tasks))
    _sheet(workbook, t("export.sheet.milestones", locale),
           [t("export.milestones.name", locale), t("export.milestones.day", locale)],
           ((milestone.name, milestone.on_date) for milestone in milestones))
    _sheet(workbook, t("export.sheet.incidents", locale), [t(f"export.incidents.{name}", locale) for name in (
        "id", "kind", "severity", "status", "description", "reporter", "opened", "acknowledged", "resolved")], (
        (incident.id, incident.kind, incident.severity, incident.status, incident.description, incident.reporter_id,
         _local(incident.created_at, zone), _local(incident.acknowledged_at, zone), _local(incident.resolved_at, zone))
        for incident in incidents))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _rate(report) -> float | None:  # type: ignore[no-untyped-def]
    rate = conversion_rate(report.conversions, report.participants, report.clicks)
    return float(round(rate, 4)) if rate is not None else None
