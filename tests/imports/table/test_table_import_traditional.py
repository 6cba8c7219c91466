"""Tables written in Traditional script (Taiwan, Hong Kong) read like Simplified ones: headers, phases, milestones."""

from pathlib import Path

import pytest

from bot.campaigns.rules.campaign import Phase
from bot.imports.rules.headers import Field, map_headers, match_header
from bot.imports.rules.phases import classify_phase
from bot.imports.rules.text import term_key


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("任務", Field.TASK),
        ("工作內容", Field.TASK),
        ("任務名稱", Field.TASK),
        ("負責人", Field.OWNER),
        ("責任人", Field.OWNER),
        ("協作部門", Field.COLLABORATORS),
        ("配合部門", Field.COLLABORATORS),
        ("完成時間", Field.DUE),
        ("截止時間", Field.DUE),
        ("交付標準", Field.DELIVERABLE),
        ("驗收標準", Field.DELIVERABLE),
        ("階段", Field.PHASE),
        ("備註", Field.NOTES),
        ("編號", Field.ID),
        ("完成時間（YYYY-MM-DD）", Field.DUE),
        ("*負責人：", Field.OWNER),
    ],
)
def test_traditional_headers_match(header: str, field: Field) -> None:
    assert match_header(header) == field


def test_a_traditional_header_row_maps_every_column() -> None:
    mapped = map_headers(["任務", "負責人", "協作部門", "完成時間", "交付標準", "階段", "備註", "狀態"])
    assert {field: column.header for field, column in mapped.fields.items()} == {
        Field.TASK: "任務", Field.OWNER: "負責人", Field.COLLABORATORS: "協作部門", Field.DUE: "完成時間",
        Field.DELIVERABLE: "交付標準", Field.PHASE: "階段", Field.NOTES: "備註",
    }
    assert mapped.extras == ()  # 狀態 (status) is the bot's own column: ignored, not kept as notes


@pytest.mark.parametrize(
    ("text", "phase"),
    [("預熱期", Phase.WARMUP), ("預熱", Phase.WARMUP), ("爆發期", Phase.BURST), ("延續期", Phase.LONGTAIL),
     ("延續", Phase.LONGTAIL), ("長尾期", Phase.LONGTAIL), ("籌備期", Phase.PREPARATION), ("準備", Phase.PREPARATION),
     ("延续期", Phase.LONGTAIL), ("长尾期", Phase.LONGTAIL)],
)
def test_traditional_and_simplified_phases(text: str, phase: Phase) -> None:
    info = classify_phase(text)
    assert (info.phase, info.label, info.is_milestone) == (phase, None, False)


@pytest.mark.parametrize("text", ["裡程碑", "裏程碑", "里程碑", "關鍵節點", "節點"])
def test_milestone_words_in_either_script(text: str) -> None:
    assert classify_phase(text).is_milestone


def test_names_are_not_folded() -> None:
    # Only header and phase words go through term_key; owners are matched by the user index, untouched.
    assert term_key("負責人") == term_key("负责人")
    owners = (Path(__file__).resolve().parents[3] / "bot" / "imports" / "rules" / "owners.py").read_text()
    assert "term_key" not in owners
