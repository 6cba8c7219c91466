import codecs
import zipfile
from datetime import datetime
from io import BytesIO

import openpyxl
import pytest

from bot.imports.rules.codes import Code
from bot.imports.rules.errors import TableReadError
from bot.imports.rules.limits import MAX_FILE_BYTES, MAX_ROWS
from bot.imports.rules.reader import read_csv_bytes, read_file, read_pasted, read_xlsx_bytes


def xlsx(*sheets: tuple[str, list[list[object]]]) -> bytes:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets:
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def read_error(call: object, *args: object) -> TableReadError:
    assert callable(call)
    with pytest.raises(TableReadError) as caught:
        call(*args)
    return caught.value


def test_tsv_paste_trims_cells_and_keeps_row_numbers_across_blank_lines() -> None:
    grid = read_pasted("\ufeff任务\t负责人 \t完成时间\r\n 设计\t张三\t5月10日\r\n\r\n写文案\t李四\t\r\n")

    assert grid.rows == [["任务", "负责人", "完成时间"], ["设计", "张三", "5月10日"], ["写文案", "李四"]]
    assert grid.row_numbers == [1, 2, 4]
    assert grid.notices == []


def test_tsv_paste_with_a_quoted_multi_line_cell() -> None:
    grid = read_pasted('任务\t备注\n"第一行\n第二行"\t无\n')
    assert grid.rows[1] == ["第一行\n第二行", "无"]


def test_csv_paste_with_quoted_commas() -> None:
    grid = read_pasted('Task,Owner,Notes\n"Design, print banner",Zhang San,"a, b"\n')
    assert grid.rows[1] == ["Design, print banner", "Zhang San", "a, b"]


def test_csv_bytes_utf8_with_bom() -> None:
    grid = read_csv_bytes(codecs.BOM_UTF8 + "任务,负责人\n设计,张三\n".encode())
    assert grid.rows == [["任务", "负责人"], ["设计", "张三"]]


def test_csv_bytes_gb18030_from_chinese_excel() -> None:
    grid = read_csv_bytes("任务,负责人,完成时间\n设计主视觉,张三,2026/5/10\n".encode("gb18030"))
    assert grid.rows[0] == ["任务", "负责人", "完成时间"]
    assert grid.rows[1] == ["设计主视觉", "张三", "2026/5/10"]


@pytest.mark.parametrize(("delimiter", "encoding"), [("\t", "utf-8"), (";", "utf-8"), ("\t", "utf-16")])
def test_csv_bytes_sniffs_the_delimiter(delimiter: str, encoding: str) -> None:
    text = delimiter.join(["Task", "Owner", "Notes"]) + "\n" + delimiter.join(["Design", "Li", "a, b"]) + "\n"
    grid = read_csv_bytes(text.encode(encoding))
    assert grid.rows[1] == ["Design", "Li", "a, b"]


def test_xlsx_single_sheet_keeps_native_types_and_row_numbers() -> None:
    rows: list[list[object]] = [
        ["任务", "负责人", "完成时间"],
        ["设计", "张三", datetime(2026, 5, 10)],
        [],
        ["文案", "李四", 46152],
    ]
    data = xlsx(("分工表", rows))

    grid = read_xlsx_bytes(data)

    assert grid.rows[1] == ["设计", "张三", datetime(2026, 5, 10)]
    assert grid.rows[2] == ["文案", "李四", 46152]
    assert grid.row_numbers == [1, 2, 4]
    assert grid.notices == []


def test_xlsx_several_sheets_use_the_first_and_say_so() -> None:
    data = xlsx(("Tasks", [["Task"], ["a"]]), ("Budget", [["Item"], ["b"]]), ("Blank", []), ("Old", [["x"]]))

    grid = read_xlsx_bytes(data)

    assert grid.rows == [["Task"], ["a"]]
    assert [(n.code, n.params) for n in grid.notices] == [
        (Code.XLSX_OTHER_SHEETS_IGNORED, {"sheet": "Tasks", "ignored": ["Budget", "Old"]})
    ]


def test_xlsx_first_sheet_empty_uses_the_second() -> None:
    grid = read_xlsx_bytes(xlsx(("Cover", [[None], ["   "]]), ("Tasks", [["Task", "Owner"], ["a", "b"]])))
    assert grid.rows == [["Task", "Owner"], ["a", "b"]]
    assert grid.notices == []


def test_xlsx_without_any_content_is_empty() -> None:
    assert read_error(read_xlsx_bytes, xlsx(("Sheet1", []))).code is Code.EMPTY_TABLE


def test_read_file_picks_the_reader() -> None:
    assert read_file("分工表.xlsx", xlsx(("S", [["Task"], ["a"]]))).rows == [["Task"], ["a"]]
    assert read_file("tasks.CSV", b"Task,Owner\na,b\n").rows == [["Task", "Owner"], ["a", "b"]]
    # People rename files; the content decides.
    assert read_file("tasks.csv", xlsx(("S", [["Task"], ["a"]]))).rows == [["Task"], ["a"]]


def test_file_too_large() -> None:
    error = read_error(read_file, "big.csv", b"a" * (MAX_FILE_BYTES + 1))
    assert error.code is Code.FILE_TOO_LARGE
    assert error.params == {"size_bytes": MAX_FILE_BYTES + 1, "max_bytes": MAX_FILE_BYTES}


def test_too_many_rows() -> None:
    text = "Task\n" + "".join(f"t{i}\n" for i in range(MAX_ROWS + 1))
    error = read_error(read_pasted, text)
    assert error.code is Code.TOO_MANY_ROWS
    assert error.params == {"max_rows": MAX_ROWS}


def test_exactly_the_row_limit_is_accepted() -> None:
    text = "Task\n" + "".join(f"t{i}\n" for i in range(MAX_ROWS))
    assert len(read_pasted(text).rows) == MAX_ROWS + 1


@pytest.mark.parametrize("text", ["", "\n\n", " \t \n\t\n"])
def test_empty_paste(text: str) -> None:
    assert read_error(read_pasted, text).code is Code.EMPTY_TABLE


def test_empty_csv_file() -> None:
    assert read_error(read_file, "t.csv", b"").code is Code.EMPTY_TABLE


@pytest.mark.parametrize(
    "junk",
    [
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"\xfe\xfd\xff\x81",  # neither UTF-8 nor GB18030
        b"\xff\xfe\xfd\xff\xff\xff",  # a UTF-16 BOM followed by non-characters
    ],
)
def test_binary_junk_is_unreadable(junk: bytes) -> None:
    assert read_error(read_file, "tasks.csv", junk).code is Code.UNREADABLE_FILE


def test_xlsx_name_that_is_not_a_zip_is_unreadable() -> None:
    assert read_error(read_file, "tasks.xlsx", b"Task,Owner\n").code is Code.UNREADABLE_FILE


def test_zip_that_is_not_a_workbook_is_unreadable() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert read_error(read_file, "tasks.xlsx", buffer.getvalue()).code is Code.UNREADABLE_FILE


@pytest.mark.parametrize(
    ("name", "extension"), [("old.xls", ".xls"), ("plan.pdf", ".pdf"), ("plan.docx", ".docx")]
)
def test_unsupported_types_are_refused(name: str, extension: str) -> None:
    error = read_error(read_file, name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")
    assert error.code is Code.UNSUPPORTED_FILE_TYPE
    assert error.params == {"extension": extension}
