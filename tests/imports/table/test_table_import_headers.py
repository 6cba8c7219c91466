import pytest

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import HeaderError
from bot.imports.rules.headers import Field, map_headers, match_header


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("任务", Field.TASK),
        ("工作内容", Field.TASK),
        ("任务内容", Field.TASK),
        ("Description", Field.TASK),
        ("Work", Field.TASK),
        ("负责人", Field.OWNER),
        ("责任人", Field.OWNER),
        ("Assignee", Field.OWNER),
        ("Responsible", Field.OWNER),
        ("协作部门", Field.COLLABORATORS),
        ("配合部门", Field.COLLABORATORS),
        ("Dept", Field.COLLABORATORS),
        ("完成时间", Field.DUE),
        ("截止日期", Field.DUE),
        ("截止时间", Field.DUE),
        ("完成日期", Field.DUE),
        ("Due date", Field.DUE),
        ("Deadline", Field.DUE),
        ("交付标准", Field.DELIVERABLE),
        ("验收标准", Field.DELIVERABLE),
        ("Definition of done", Field.DELIVERABLE),
        ("DoD", Field.DELIVERABLE),
        ("阶段", Field.PHASE),
        ("Stage", Field.PHASE),
        ("备注", Field.NOTES),
        ("Remarks", Field.NOTES),
        ("Comment", Field.NOTES),
        ("ID", Field.ID),
        ("编号", Field.ID),
    ],
)
def test_every_alias_maps_to_its_field(header: str, field: Field) -> None:
    assert match_header(header) is field


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("OWNER", Field.OWNER),
        ("due DATE", Field.DUE),
        ("  负责人  ", Field.OWNER),
        ("\u3000备注\u3000", Field.NOTES),  # full-width spaces
        ("负责人：", Field.OWNER),  # full-width colon
        ("Owner:", Field.OWNER),
        ("ＤｅａｄＬｉｎｅ", Field.DUE),  # full-width letters
        ("*负责人", Field.OWNER),  # required-field marker from templates
        ("完成时间（YYYY-MM-DD）", Field.DUE),  # hint in brackets
        ("Due_date", Field.DUE),
    ],
)
def test_case_spaces_width_and_decorations_are_ignored(header: str, field: Field) -> None:
    assert match_header(header) is field


def test_unknown_header_matches_nothing() -> None:
    assert match_header("预算") is None


def test_columns_in_any_order_with_unknown_columns_kept() -> None:
    columns = map_headers(["截止日期", "预算", "Owner", "任务", "", "渠道"])

    assert columns.fields[Field.DUE].index == 0
    assert columns.fields[Field.OWNER].index == 2
    assert columns.fields[Field.TASK].index == 3
    assert [(c.index, c.header) for c in columns.extras] == [(1, "预算"), (4, "E"), (5, "渠道")]
    assert columns.header_for(Field.OWNER) == "Owner"
    assert columns.header_for(Field.NOTES) is None


def test_missing_task_column_lists_the_headers_seen() -> None:
    with pytest.raises(HeaderError) as caught:
        map_headers(["负责人", "", "完成时间"])

    assert caught.value.code is Code.NO_TASK_COLUMN
    assert caught.value.params == {"headers": ["负责人", "完成时间"]}


def test_two_columns_meaning_the_same_field_are_refused() -> None:
    with pytest.raises(HeaderError) as caught:
        map_headers(["任务", "负责人", "Owner"])

    assert caught.value.code is Code.DUPLICATE_COLUMN
    assert caught.value.params == {"field": "owner", "columns": ["负责人", "Owner"]}
