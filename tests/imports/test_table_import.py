"""Division-of-labour import: paste or file → preview → Confirm → tasks, DMs, channel summary; re-import."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import openpyxl
import pytest
from sqlalchemy import func, select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from bot.kernel.slack.directory import PROFILE_TTL
from storage.models import Milestone, TableImport, Task, TaskStatusChange
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

TABLE = (
    "任务\t负责人\t协作部门\t完成时间\t交付标准\t阶段\n"
    "主视觉设计\t@Wang Fang\t设计组\t5月10日\t市场经理审核\t预热期\n"
    "KOL 投放\tli.lei@example.com\t市场部\t2026/5/12 14:00\t10 位达人\t爆发期\n"
    "数据复盘\t<@U0LEAD9>\t\t5/30\t复盘报告\t长尾期\n"
    "上线日\t\t\t2026-05-15\t\t里程碑\n"
)


@pytest.fixture
def campaign_id(bot: BotHarness) -> int:
    campaign_id = new_campaign(bot)
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    bot.standin.add_member("U_LI", "Li Lei", email="li.lei@example.com")
    bot.standin.add_member("U_OWNER", "Owner", email="owner@example.com")
    bot.standin.add_member("U0LEAD9", "Lead Analyst")
    bot.standin.reset_calls()
    return campaign_id


def _metadata(campaign_id: int) -> str:
    return ModalMetadata(campaign_id=campaign_id).dump()


def _preview(bot: BotHarness, campaign_id: int, text: str = TABLE, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    response = bot.submit(View.IMPORT_TABLE, payloads.table_values(text=text, **kwargs),
                          private_metadata=_metadata(campaign_id))
    assert response.status_code == 200
    return response_json(response)


def _confirm(bot: BotHarness, preview: dict, **kwargs) -> dict:  # type: ignore[no-untyped-def]
    view = preview["view"]
    response = bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(**kwargs),
                          private_metadata=view["private_metadata"])
    return response_json(response)


def _tasks(bot: BotHarness) -> list[Task]:
    with bot.session() as session:
        return list(session.scalars(select(Task).order_by(Task.id)))


def test_import_command_opens_modal_with_table_input(bot: BotHarness, campaign_id: int) -> None:
    bot.command("import")
    [opened] = bot.standin.calls_to("views.open")
    view = opened["view"]
    assert view["callback_id"] == View.IMPORT_TABLE
    labels = [block["label"]["text"] for block in view["blocks"] if block["type"] == "input"]
    assert any("table" in label for label in labels)
    file_input = next(b for b in view["blocks"] if b.get("block_id") == Field.TABLE_FILE)["element"]
    assert file_input["type"] == "file_input" and set(file_input["filetypes"]) == {"csv", "xlsx"}
    assert ModalMetadata.load(view["private_metadata"]).campaign_id == campaign_id


def test_only_campaign_owner_or_admin_may_import(bot: BotHarness, campaign_id: int) -> None:
    bot.standin.add_user("U_STRANGER", is_admin=False)
    response = bot.command("import", user="U_STRANGER")
    assert "Only the campaign's owner" in response.text
    assert bot.standin.calls_to("views.open") == []


def test_paste_preview_then_confirm_creates_tasks_dms_and_summary(bot: BotHarness, campaign_id: int) -> None:
    preview = _preview(bot, campaign_id)
    assert preview["response_action"] == "push"
    view = preview["view"]
    assert view["callback_id"] == View.IMPORT_PREVIEW and view["submit"]["text"] == "Confirm"
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "*3* tasks and *1* milestones understood: 3 new, 0 changed, 0 unchanged" in text
    assert "Row 2: 主视觉设计 → <@U_WANG>, due May 10, 2026 ·" in text  # a due day, not 23:59:59
    assert "Row 3: KOL 投放 → <@U_LI>, due May 12, 2026, 2:00" in text
    assert "milestone *上线日*" in text
    assert _tasks(bot) == []  # nothing written before Confirm
    assert bot.standin.methods().count("users.list") == 1

    answer = _confirm(bot, preview)  # acknowledged first ("importing…"), the modal then shows the outcome
    assert answer["response_action"] == "update" and "Importing the table into *Spring Sale*" in json.dumps(answer)
    [shown] = bot.standin.calls_to("views.update")
    assert "Imported into *Spring Sale*: 3 new tasks, 0 changed" in json.dumps(shown["view"], ensure_ascii=False)
    tasks = _tasks(bot)
    assert [(task.title, task.owner_id, task.phase, task.status) for task in tasks] == [
        ("主视觉设计", "U_WANG", "warmup", "open"),
        ("KOL 投放", "U_LI", "burst", "open"),
        ("数据复盘", "U0LEAD9", "longtail", "open"),
    ]
    assert tasks[0].due_at == datetime(2026, 5, 10, 15, 59, 59, tzinfo=UTC)  # end of day in Asia/Shanghai
    assert tasks[1].due_at == datetime(2026, 5, 12, 6, 0, tzinfo=UTC)
    with bot.session() as session:
        [milestone] = session.scalars(select(Milestone)).all()
        assert (milestone.name, milestone.on_date.isoformat()) == ("上线日", "2026-05-15")
        assert session.scalar(select(func.count()).select_from(TaskStatusChange)) == 3
        assert session.scalars(select(TableImport.status)).all() == ["committed"]

    posts = bot.standin.calls_to("chat.postMessage")
    dms = {post["channel"]: post for post in posts if post["channel"].startswith("U")}
    assert set(dms) == {"U_WANG", "U_LI", "U0LEAD9", "U_OWNER"}  # one DM per owner, and the receipt
    assert dms["U_OWNER"]["text"].startswith("✅ Imported into *Spring Sale*")
    wang = json.dumps(dms["U_WANG"]["blocks"], ensure_ascii=False)
    assert "主视觉设计" in wang and "task_done" in wang and "task_blocked" in wang
    [summary] = [post for post in posts if post["channel"] == payloads.CHANNEL]
    assert "3 new, 0 changed, 0 unchanged, 0 no longer in the table" in summary["text"]
    assert "<@U_WANG> 1" in json.dumps(summary["blocks"])


def test_confirm_twice_imports_once(bot: BotHarness, campaign_id: int) -> None:
    preview = _preview(bot, campaign_id)
    _confirm(bot, preview)
    again = _confirm(bot, preview)
    assert again["response_action"] == "update"
    assert "already confirmed" in json.dumps(again["view"]["blocks"])
    assert len(_tasks(bot)) == 3


def test_bad_rows_are_listed_and_confirm_is_not_offered(bot: BotHarness, campaign_id: int) -> None:
    table = (
        "Task,Owner,Due\n"
        "Poster,Nobody Here,2026-05-10\n"
        ",Wang Fang,2026-05-11\n"
        "Banner,Wang Fang,next week\n"
        "Wrap-up,Wang Fang,2026-07-01\n"
        "Flyer,Wang Fang,2026-05-12\n"
    )
    preview = _preview(bot, campaign_id, text=table)
    view = preview["view"]
    assert "submit" not in view or view.get("submit") is None
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "Row 2, column “Owner”: “Nobody Here” matches nobody in this workspace" in text
    assert "Row 3, column “Task”: the task is empty" in text
    assert "Row 4, column “Due”: I can't read “next week” as a date" in text
    assert "Row 5, column “Due”: due Jul 1, 2026 is after the campaign ends (May 31, 2026)" in text
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(TableImport)) == 0


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ("Owner,Due\nWang Fang,5/10\n", "can't find the task column"),
        ("Task,Owner,Due\n", "The table is empty"),
    ],
)
def test_unreadable_tables_are_answered_on_the_field(bot: BotHarness, campaign_id: int, table: str, says: str) -> None:
    body = _preview(bot, campaign_id, text=table)
    assert body["response_action"] == "errors"
    assert says in body["errors"][Field.TABLE_TEXT]


def test_neither_or_both_inputs(bot: BotHarness, campaign_id: int) -> None:
    assert "Paste a table here" in _preview(bot, campaign_id, text="")["errors"][Field.TABLE_TEXT]
    both = _preview(bot, campaign_id, text=TABLE, file_ids=("F1",))
    assert "not both" in both["errors"][Field.TABLE_FILE]


def _xlsx(rows: list[list[object]], extra_sheet: bool = False) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "分工表"
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        workbook.create_sheet("备注").append(["whatever"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_file_through_the_modal(bot: BotHarness, campaign_id: int) -> None:
    content = _xlsx([["Task", "Owner", "Due"], ["Landing page", "wang@example.com", datetime(2026, 5, 20, 18, 0)]],
                    extra_sheet=True)
    bot.standin.add_file("F_XLSX", "分工表.xlsx", content)
    preview = bot.submit(View.IMPORT_TABLE, payloads.table_values(file_ids=("F_XLSX",)),
                         private_metadata=_metadata(campaign_id))
    view = response_json(preview)["view"]
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "from 分工表.xlsx" in text
    assert "I read the sheet “分工表” and ignored the other sheets" in text
    assert bot.standin.downloads == [("F_XLSX", "Bearer xoxb-test")]
    _confirm(bot, response_json(preview))
    [task] = _tasks(bot)
    expected_due = datetime(2026, 5, 20, 10, 0, tzinfo=UTC)
    assert (task.title, task.owner_id, task.due_at) == ("Landing page", "U_WANG", expected_due)


def test_oversized_file_is_refused_before_download(bot: BotHarness, campaign_id: int) -> None:
    bot.standin.add_file("F_BIG", "big.csv", b"Task,Owner,Due\n", size=6 * 1024 * 1024)
    body = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(file_ids=("F_BIG",)),
                                    private_metadata=_metadata(campaign_id)))
    assert "the limit is 5 MB" in body["errors"][Field.TABLE_FILE]
    assert bot.standin.downloads == []


def test_binary_junk_is_refused_clearly(bot: BotHarness, campaign_id: int) -> None:
    bot.standin.add_file("F_JUNK", "junk.csv", bytes(range(256)) * 10)
    body = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(file_ids=("F_JUNK",)),
                                    private_metadata=_metadata(campaign_id)))
    assert "I can't read this file" in body["errors"][Field.TABLE_FILE]


def test_reimport_updates_in_place_and_reports_counts(bot: BotHarness, campaign_id: int) -> None:
    _confirm(bot, _preview(bot, campaign_id))
    first_ids = [task.id for task in _tasks(bot)]
    edited = (
        "任务\t负责人\t完成时间\t交付标准\n"
        "主视觉设计\tWang Fang\t5月11日\t总监审核\n"      # changed due and deliverable
        "KOL 投放\tli.lei@example.com\t2026/5/12 14:00\t10 位达人\n"  # unchanged fields it has
        "新品海报\tWang Fang\t5月20日\t\n"                # new
    )
    preview = _preview(bot, campaign_id, text=edited)
    text = json.dumps(preview["view"]["blocks"], ensure_ascii=False)
    assert "1 new, 2 changed, 0 unchanged" in text or "1 new, 1 changed, 1 unchanged" in text
    assert "1 task of this campaign is no longer in the table" in text
    bot.standin.reset_calls()
    _confirm(bot, preview)
    tasks = {task.title: task for task in _tasks(bot)}
    assert len(tasks) == 4 and [tasks[title].id for title in ("主视觉设计", "KOL 投放", "数据复盘")] == first_ids
    assert tasks["主视觉设计"].deliverable == "总监审核"
    assert tasks["数据复盘"].status == "open"  # not in the table, kept without asking
    dms = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"].startswith("U")]
    # Only the owner of the new task hears about it (and the person importing gets the receipt).
    assert [dm["channel"] for dm in dms] == ["U_WANG", "U_OWNER"]


def test_reimport_can_close_tasks_no_longer_in_the_table(bot: BotHarness, campaign_id: int) -> None:
    _confirm(bot, _preview(bot, campaign_id))
    preview = _preview(bot, campaign_id, text="任务\t负责人\t完成时间\n主视觉设计\tWang Fang\t5月10日\n")
    _confirm(bot, preview, close_missing=True)
    statuses = {task.title: task.status for task in _tasks(bot)}
    assert statuses == {"主视觉设计": "open", "KOL 投放": "cancelled", "数据复盘": "cancelled"}


def test_id_column_matches_even_when_text_changes(bot: BotHarness, campaign_id: int) -> None:
    _confirm(bot, _preview(bot, campaign_id))
    first = _tasks(bot)[0]
    renamed = f"ID\t任务\t负责人\t完成时间\nT{first.id}\t主视觉设计（终稿）\tWang Fang\t5月10日\n"
    _confirm(bot, _preview(bot, campaign_id, text=renamed))
    assert _tasks(bot)[0].title == "主视觉设计（终稿）" and len(_tasks(bot)) == 3


def test_shared_csv_in_campaign_channel_is_offered_and_imported(bot: BotHarness, campaign_id: int) -> None:
    csv = "任务,负责人,完成时间\n物料印刷,Wang Fang,5月9日\n".encode("gb18030")
    bot.standin.add_file("F_CSV", "分工.csv", csv)
    body = payloads.event_callback({"type": "file_shared", "file_id": "F_CSV", "user_id": "U_OWNER",
                                    "channel_id": payloads.CHANNEL, "file": {"id": "F_CSV"}, "event_ts": "1.0"})
    assert bot.post(body, payloads.json_headers(body)).status_code == 200
    [offer] = bot.standin.calls_to("chat.postMessage")
    assert offer["channel"] == payloads.CHANNEL and "looks like a division-of-labour table" in offer["text"]
    button = next(block for block in offer["blocks"] if block["type"] == "actions")["elements"][0]
    assert button["action_id"] == Action.IMPORT_SHARED_FILE

    bot.click(Action.IMPORT_SHARED_FILE, button["value"], user="U_OWNER")
    [opened] = bot.standin.calls_to("views.open")
    assert opened["view"]["callback_id"] == View.IMPORT_PREVIEW
    bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(), private_metadata=opened["view"]["private_metadata"])
    assert [task.title for task in _tasks(bot)] == ["物料印刷"]


def _shared(file_id: str, event_id: str) -> str:
    body = json.loads(payloads.event_callback({"type": "file_shared", "file_id": file_id, "user_id": "U_OWNER",
                                               "channel_id": payloads.CHANNEL, "file": {"id": file_id},
                                               "event_ts": "1.0"}))
    return json.dumps({**body, "event_id": event_id})


def test_a_table_shared_twice_is_offered_once_in_the_owners_language(bot: BotHarness, campaign_id: int) -> None:
    bot.standin.add_user("U_OWNER", locale="zh-CN")
    bot.clock.set(bot.clock.now() + PROFILE_TTL)  # the owner switched Slack to Chinese; the bot has noticed
    bot.standin.add_file("F_CSV", "分工.csv", "任务,负责人,完成时间\n物料印刷,Wang Fang,5月9日\n".encode())
    for event_id in ("Ev_first", "Ev_again"):  # two deliveries of the share, not Slack's retry of one
        body = _shared("F_CSV", event_id)
        assert bot.post(body, payloads.json_headers(body)).status_code == 200
    [offer] = bot.standin.calls_to("chat.postMessage")
    assert "分工.csv" in offer["text"] and "division-of-labour" not in offer["text"]


def test_shared_file_that_is_not_a_table_gets_no_offer(bot: BotHarness, campaign_id: int) -> None:
    bot.standin.add_file("F_NOTES", "notes.csv", b"name,phone\nA,1\n")
    body = payloads.event_callback({"type": "file_shared", "file_id": "F_NOTES", "user_id": "U_OWNER",
                                    "channel_id": payloads.CHANNEL, "file": {"id": "F_NOTES"}, "event_ts": "1.0"})
    bot.post(body, payloads.json_headers(body))
    assert bot.standin.calls_to("chat.postMessage") == []


def test_more_than_2000_rows_are_refused_with_the_limit(bot: BotHarness, campaign_id: int) -> None:
    rows = "\n".join(f"Task {n},Wang Fang,5/10" for n in range(2001))
    bot.standin.add_file("F_HUGE", "huge.csv", f"Task,Owner,Due\n{rows}\n".encode())
    body = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(file_ids=("F_HUGE",)),
                                    private_metadata=_metadata(campaign_id)))
    assert "more than 2,000 rows" in body["errors"][Field.TABLE_FILE]


def test_task_owners_can_become_reporters_from_the_summary(bot: BotHarness, campaign_id: int) -> None:
    _confirm(bot, _preview(bot, campaign_id))
    [summary] = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]
    button = next(block["accessory"] for block in summary["blocks"] if block.get("accessory"))
    assert button["action_id"] == Action.ADD_OWNERS_AS_REPORTERS
    bot.standin.add_user("U_STRANGER", is_admin=False)
    bot.click(Action.ADD_OWNERS_AS_REPORTERS, button["value"], user="U_STRANGER")
    from storage.models import CampaignReporter

    with bot.session() as session:
        assert session.scalars(select(CampaignReporter)).all() == []
    bot.click(Action.ADD_OWNERS_AS_REPORTERS, button["value"], user="U_OWNER")
    with bot.session() as session:
        reporters = {reporter.user_id for reporter in session.scalars(select(CampaignReporter))}
    assert reporters == {"U_WANG", "U_LI", "U0LEAD9"}
    assert "set who reports for *Spring Sale*" in bot.standin.calls_to("chat.postMessage")[-1]["text"]


TRADITIONAL = (
    "任務\t負責人\t協作部門\t完成時間\t交付標準\t階段\t備註\n"
    "主視覺設計\t@Wang Fang\t設計組\t5月10日\t市場經理審核\t預熱期\t先出草稿\n"
    "KOL 投放\tli.lei@example.com\t市場部\t2026/5/12\t10 位達人\t爆發期\t\n"
    "數據複盤\t<@U0LEAD9>\t\t5/30\t複盤報告\t延續期\t\n"
    "上線日\t\t\t2026-05-15\t\t裡程碑\t\n"
)


def test_a_traditional_script_table_imports_like_a_simplified_one(bot: BotHarness, campaign_id: int) -> None:
    preview = _preview(bot, campaign_id, text=TRADITIONAL)
    assert preview["response_action"] == "push", preview
    _confirm(bot, preview)
    tasks = _tasks(bot)
    assert [(t.title, t.owner_id, t.collaborators, t.phase, t.notes) for t in tasks] == [
        ("主視覺設計", "U_WANG", "設計組", "warmup", "先出草稿"),
        ("KOL 投放", "U_LI", "市場部", "burst", ""),
        ("數據複盤", "U0LEAD9", "", "longtail", ""),
    ]
    with bot.session() as session:
        assert session.scalars(select(Milestone.name)).all() == ["上線日"]
