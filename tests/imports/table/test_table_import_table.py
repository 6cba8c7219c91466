from datetime import date, datetime
from io import BytesIO
from zoneinfo import ZoneInfo

import openpyxl

from bot.imports.rules.codes import Code
from bot.imports.rules.models import Grid, TableParseResult
from bot.imports.rules.reader import read_file, read_pasted
from bot.imports.rules.table import parse_table
from bot.imports.rules.user_index import EmailLookup, UserIndex

TZ = ZoneInfo("Asia/Shanghai")
START, END = date(2026, 5, 1), date(2026, 5, 31)
USERS = UserIndex.from_members(
    [
        {"id": "U1", "name": "zhangsan", "profile": {"display_name": "张三", "email": "zs@example.com"}},
        {"id": "U2", "name": "lisi", "profile": {"display_name": "李四", "real_name": "Li Si"}},
        {"id": "U3", "name": "wanghp", "profile": {"display_name": "王和平"}},
        {"id": "U4", "name": "weili", "profile": {"real_name": "Li Wei"}},
        {"id": "U5", "name": "liwei", "profile": {"display_name": "Li Wei"}},
    ]
)


def parse(grid: Grid, lookup_email: EmailLookup | None = None) -> TableParseResult:
    return parse_table(
        grid, campaign_start=START, campaign_end=END, tz=TZ, users=USERS, lookup_email=lookup_email
    )


def parse_tsv(*lines: str) -> TableParseResult:
    return parse(read_pasted("\n".join(lines)))


def issues(result: TableParseResult) -> list[tuple[int | None, str | None, str]]:
    return [(i.row_number, i.column, i.code.value) for i in result.issues]


def test_full_row_becomes_a_task() -> None:
    result = parse_tsv(
        "编号\t任务\t负责人\t协作部门\t完成时间\t交付标准\t阶段\t备注\t预算\t渠道",
        "T42\t5月10日前完成主视觉稿\t张三\t设计组\t5月10日\t市场经理审核\t预热期\t加急\t5000\t",
    )

    assert result.ok
    (task,) = result.tasks
    assert task.row_number == 2
    assert task.task == "5月10日前完成主视觉稿"
    assert (task.owner_id, task.owner_text) == ("U1", "张三")
    assert task.collaborators == "设计组"
    assert task.due == datetime(2026, 5, 10, 23, 59, 59, tzinfo=TZ)
    assert task.deliverable == "市场经理审核"
    assert (task.phase, task.phase_label) == ("warmup", None)
    assert task.notes == "加急\n预算: 5000"  # unknown columns are carried, empty ones add nothing
    assert task.external_id == "T42"
    assert task.match_key == ("5月10日前完成主视觉稿", "U1")
    assert result.columns["owner"] == "负责人"


def test_english_headers_in_any_order_and_optional_columns_absent() -> None:
    result = parse_tsv("Deadline\tAssignee\tTask", "May 12 3pm\t<@U2|lisi>\tWrite copy")

    (task,) = result.tasks
    assert (task.task, task.owner_id, task.owner_text) == ("Write copy", "U2", "<@U2|lisi>")
    assert task.due == datetime(2026, 5, 12, 15, 0, tzinfo=TZ)
    assert (task.collaborators, task.deliverable, task.phase, task.notes, task.external_id) == (None,) * 5


def test_match_key_ignores_case_width_and_spacing() -> None:
    result = parse_tsv("Task\tOwner\tDue", "Design  KV\t张三\t5/10", "ｄｅｓｉｇｎ kv\t张三\t5/11")
    first, second = result.tasks
    assert first.match_key == second.match_key == ("design kv", "U1")


def test_several_owners_make_one_task_each() -> None:
    result = parse_tsv("任务\t负责人\t完成时间", "物料采购\t张三、<@U2>,zs@example.com\t5/20")

    assert [(t.owner_id, t.owner_text, t.row_number) for t in result.tasks] == [
        ("U1", "张三", 2),
        ("U2", "<@U2>", 2),
    ]


def test_a_name_containing_a_separator_is_not_split() -> None:
    result = parse_tsv(
        "任务\t负责人\t完成时间", "场地\t王和平\t5/20", "海报\t王和平、李四\t5/20", "视频\t张三和李四\t5/20"
    )
    assert [(t.row_number, t.owner_id) for t in result.tasks] == [
        (2, "U3"),
        (3, "U3"),
        (3, "U2"),
        (4, "U1"),
        (4, "U2"),
    ]


def test_phase_names_are_normalised_and_unknown_phases_kept_as_label() -> None:
    phases = ["预热", "爆发期", "Launch", "长尾期", "long tail", "筹备", "Preparation", "执行"]
    rows = [f"t{i}\t张三\t5/20\t{phase}" for i, phase in enumerate(phases)]
    result = parse_tsv("Task\tOwner\tDue\tPhase", *rows)

    assert [(t.phase, t.phase_label) for t in result.tasks] == [
        ("warmup", None),
        ("burst", None),
        ("burst", None),
        ("longtail", None),
        ("longtail", None),
        ("preparation", None),
        ("preparation", None),
        (None, "执行"),
    ]


def test_milestone_rows_need_no_owner() -> None:
    result = parse_tsv(
        "任务\t负责人\t完成时间\t阶段",
        "方案提交\t\t5月3日\t里程碑",
        "Launch day\t张三\t2026-05-15 10:00\tMilestone",
        "数据截止\t\t5/30\t节点",
    )

    assert result.ok
    assert result.tasks == []
    assert [(m.row_number, m.name, m.date, m.owner_ids) for m in result.milestones] == [
        (2, "方案提交", datetime(2026, 5, 3, 23, 59, 59, tzinfo=TZ), ()),
        (3, "Launch day", datetime(2026, 5, 15, 10, 0, tzinfo=TZ), ("U1",)),
        (4, "数据截止", datetime(2026, 5, 30, 23, 59, 59, tzinfo=TZ), ()),
    ]


def test_milestone_without_date_is_an_issue() -> None:
    result = parse_tsv("任务\t负责人\t完成时间\t阶段", "上线\t\t\t里程碑")
    assert issues(result) == [(2, "完成时间", "due_missing")]
    assert result.milestones == []


def test_row_issues_name_the_row_and_the_column_as_written() -> None:
    result = parse_tsv(
        "任务\t负责人\t截止日期",
        "\t张三\t5/10",
        "文案\t\t5/10",
        "海报\t设计组\t5/10",
        "视频\tli wei\t5/10",
        "直播\t张三\t",
        "复盘\t张三\t下周",
        "结案\t张三\t6月2日",
        "预约场地\t张三\t4月20日",  # before the start is fine: preparation
    )

    assert issues(result) == [
        (2, "任务", "task_empty"),
        (3, "负责人", "owner_missing"),
        (4, "负责人", "owner_unknown"),
        (5, "负责人", "owner_ambiguous"),
        (6, "截止日期", "due_missing"),
        (7, "截止日期", "due_unreadable"),
        (8, "截止日期", "due_after_campaign"),
    ]
    assert not result.ok
    by_code = {i.code: i.params for i in result.issues}
    assert by_code[Code.OWNER_UNKNOWN] == {"owner": "设计组", "reason": "not_found"}
    assert by_code[Code.OWNER_AMBIGUOUS] == {"owner": "li wei", "candidates": ["U4", "U5"]}
    assert by_code[Code.DUE_UNREADABLE] == {"value": "下周"}
    assert by_code[Code.DUE_AFTER_CAMPAIGN] == {"due": "2026-06-02", "campaign_end": "2026-05-31"}
    assert [(t.row_number, t.task) for t in result.tasks] == [(9, "预约场地")]


def test_a_row_with_one_bad_owner_yields_no_task_at_all() -> None:
    result = parse_tsv("任务\t负责人\t完成时间", "海报\t张三、nobody\t5/10")
    assert issues(result) == [(2, "负责人", "owner_unknown")]
    assert result.tasks == []


def test_several_issues_on_one_row_are_all_reported() -> None:
    result = parse_tsv("任务\t负责人\t完成时间\t备注", "\t\t\t只有备注")
    assert [code for _, _, code in issues(result)] == ["task_empty", "owner_missing", "due_missing"]


def test_row_numbers_match_the_sheet_the_user_sees() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "活动执行分工表"  # a title row above the table is the "header" only if nothing else is
    workbook.remove(sheet)
    sheet = workbook.create_sheet("分工")
    sheet.append([])
    sheet.append([])
    sheet.append(["任务", "负责人", "完成时间"])
    sheet.append(["海报", "张三", datetime(2026, 5, 10)])
    sheet.append([])
    sheet.append(["视频", "nobody", datetime(2026, 5, 12)])
    buffer = BytesIO()
    workbook.save(buffer)

    result = parse(read_file("分工.xlsx", buffer.getvalue()))

    assert [t.row_number for t in result.tasks] == [4]
    assert issues(result) == [(6, "负责人", "owner_unknown")]


def test_fully_blank_rows_are_skipped_silently() -> None:
    grid = Grid(rows=[["任务", "负责人", "完成时间"], ["", " ", None], ["海报", "张三", "5/10"]])
    result = parse(grid)
    assert result.ok
    assert [t.row_number for t in result.tasks] == [3]


def test_missing_task_column_is_a_table_issue_on_the_header_row() -> None:
    result = parse(Grid(rows=[["负责人", "完成时间"], ["张三", "5/10"]], row_numbers=[3, 4]))
    assert issues(result) == [(3, None, "no_task_column")]
    assert result.issues[0].params == {"headers": ["负责人", "完成时间"]}


def test_duplicate_column_points_at_the_second_header() -> None:
    result = parse_tsv("Task\tDue\t完成时间", "a\t5/10\t5/11")
    assert issues(result) == [(1, "完成时间", "duplicate_column")]
    assert result.issues[0].params == {"field": "due", "columns": ["Due", "完成时间"]}


def test_missing_owner_and_due_columns_are_reported_once() -> None:
    result = parse_tsv("Task\tNotes", "a\tx", "b\ty")
    assert issues(result) == [(1, None, "no_owner_column"), (1, None, "no_due_column")]
    assert result.tasks == []


def test_milestone_only_table_needs_no_owner_column() -> None:
    result = parse_tsv("Task\tDue\tPhase", "Launch\t5/15\tmilestone")
    assert result.ok
    assert [m.name for m in result.milestones] == ["Launch"]


def test_header_without_data_rows_is_empty() -> None:
    assert issues(parse_tsv("任务\t负责人\t完成时间")) == [(None, None, "empty_table")]
    assert issues(parse(Grid(rows=[]))) == [(None, None, "empty_table")]


def test_too_many_rows_in_a_hand_made_grid() -> None:
    grid = Grid(rows=[["Task", "Owner", "Due"]] + [["t", "张三", "5/10"]] * 2001)
    assert issues(parse(grid)) == [(None, None, "too_many_rows")]


def test_duplicate_ids_are_reported_with_the_first_row() -> None:
    result = parse_tsv("ID\tTask\tOwner\tDue", "T1\ta\t张三\t5/10", "T1\tb\t李四\t5/10")
    assert issues(result) == [(3, "ID", "id_duplicate")]
    assert result.issues[0].params == {"id": "T1", "first_row": 2}


def test_email_lookup_is_asked_once_per_email() -> None:
    asked: list[str] = []

    def lookup(email: str) -> str | None:
        asked.append(email)
        return "U2" if email == "li.si@partner.com" else None

    rows = [f"t{i}\tli.si@partner.com{'、张三' if i % 2 else ''}\t5/10" for i in range(6)]
    result = parse(read_pasted("\n".join(["Task\tOwner\tDue", *rows])), lookup_email=lookup)

    assert result.ok
    assert asked == ["li.si@partner.com"]
    assert len(result.tasks) == 9


def test_reader_notices_are_carried_over() -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["Task", "Owner", "Due"])
    workbook.active.append(["a", "张三", "5/10"])
    workbook.create_sheet("Budget").append(["Item"])
    buffer = BytesIO()
    workbook.save(buffer)

    result = parse(read_file("t.xlsx", buffer.getvalue()))

    assert [n.code for n in result.notices] == [Code.XLSX_OTHER_SHEETS_IGNORED]
    assert result.ok


def test_two_thousand_rows_parse_correctly() -> None:
    due_forms = ["2026-05-10", "5/10", "5月10日", "May 10", "2026/5/10 14:00", "46152"]
    owners = ["张三", "<@U2>", "zs@example.com", "Li Si", "张三、李四"]
    lines = ["任务\t负责人\t完成时间\t阶段\t预算"]
    lines += [f"任务{i}\t{owners[i % 5]}\t{due_forms[i % 6]}\t预热\t{i}" for i in range(2000)]

    result = parse(read_pasted("\n".join(lines)))

    assert result.ok
    assert len(result.tasks) == 2000 + 400  # every fifth row has two owners
    assert result.tasks[-1].row_number == 2001
    assert {t.due.date() for t in result.tasks} == {date(2026, 5, 10)}
    assert result.tasks[0].notes == "预算: 0"
