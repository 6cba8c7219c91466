"""`/campaign export`: an XLSX in the requester's DM, formula-safe, whose Tasks sheet re-imports in place."""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import openpyxl
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from storage.models import Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
METADATA = ModalMetadata(campaign_id=1).dump()


def _setup(bot: BotHarness) -> None:
    bot.standin.add_member("UWANG01", "Wang Fang")
    running(bot, reporters=["UWANG01"], now=None, reset_calls=False)
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(
        text="任务\t负责人\t完成时间\n=cmd|' /C calc'!A0\tWang Fang\t5月10日\n海报\tWang Fang\t5月12日\n"),
        private_metadata=METADATA))
    bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(), private_metadata=preview["view"]["private_metadata"])
    bot.clock.set(datetime(2026, 5, 3, 20, 0, tzinfo=SHANGHAI))
    assert bot.submit(View.DAILY_REPORT, payloads.report_values(
        day=date(2026, 5, 2), exposure="1000", participants="200", conversions="50",
        feedback="@everyone =HYPERLINK(\"http://x\")", feedback_type="complaint"),
        user="UWANG01", private_metadata=METADATA).text == ""
    bot.standin.reset_calls()


def _workbook(bot: BotHarness) -> openpyxl.Workbook:
    [content] = bot.standin.uploads.values()
    return openpyxl.load_workbook(io.BytesIO(content))


def test_export_sends_the_workbook_privately(bot: BotHarness) -> None:
    _setup(bot)
    response = bot.command("export", user="U_OWNER")
    assert "Preparing the workbook of *Spring Sale*" in response.text
    [complete] = bot.standin.calls_to("files.completeUploadExternal")
    assert complete["channel_id"] == "D_OWNER"
    workbook = _workbook(bot)
    assert workbook.sheetnames == ["Review", "KPIs vs targets", "Budget lines", "Sources", "Lessons",
                                   "Daily reports", "Tasks", "Milestones", "Incidents"]
    reports = list(workbook["Daily reports"].values)
    assert reports[0][:8] == ("Date", "Source", "Reporter", "Exposure", "Clicks", "Participants", "Conversions",
                              "Conversion rate")
    assert reports[1][1:8] == ("All", "Wang Fang", 1000, None, 200, 50, 0.25)  # the reporter's name, not the id
    assert reports[1][12:14] == ("Complaint (投诉)", "'@everyone =HYPERLINK(\"http://x\")")  # neutralised text
    sheet = workbook["Daily reports"]
    assert (sheet["D2"].number_format, sheet["H2"].number_format, sheet["I2"].number_format) == (
        "#,##0", "0.0%", "¥#,##0.00")


def test_formula_looking_cells_are_neutralised(bot: BotHarness) -> None:
    _setup(bot)
    bot.command("export", user="U_OWNER")
    tasks = list(_workbook(bot)["Tasks"].values)
    titles = [row[1] for row in tasks[1:]]
    assert titles == ["'=cmd|' /C calc'!A0", "海报"]
    assert all(not str(cell).startswith("=") for row in tasks for cell in row if cell is not None)


def test_the_tasks_sheet_reimports_in_place(bot: BotHarness) -> None:
    _setup(bot)
    bot.command("export", user="U_OWNER")
    workbook = _workbook(bot)
    sheet = workbook["Tasks"]
    sheet["B3"] = "海报（终稿）"  # rename the second task; its ID still matches it
    buffer = io.BytesIO()
    workbook.save(buffer)
    bot.standin.add_file("F_BACK", "export.xlsx", buffer.getvalue())
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(file_ids=("F_BACK",)),
                                       private_metadata=METADATA))
    assert preview["response_action"] == "push", preview
    bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(), private_metadata=preview["view"]["private_metadata"])
    with bot.session() as session:
        titles = session.scalars(select(Task.title).order_by(Task.id)).all()
    assert len(titles) == 2 and titles[1] == "海报（终稿）"
    notice = json.dumps(preview["view"]["blocks"], ensure_ascii=False)
    assert "0 new, 1 changed, 1 unchanged" in notice  # only the renamed task; "'=cmd…" reads back as "=cmd…"
    assert "I read the sheet “Tasks” and ignored the other sheets: “Review”, “KPIs vs targets”" in notice


def test_strangers_cannot_export(bot: BotHarness) -> None:
    _setup(bot)
    bot.standin.add_user("U_STRANGER", is_admin=False)
    assert "can export it" in bot.command("export", user="U_STRANGER").text
    assert bot.standin.uploads == {}
