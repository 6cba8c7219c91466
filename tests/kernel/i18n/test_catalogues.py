"""The three `.po` catalogues against each other: same keys, same placeholders, and Traditional in its own script."""

from __future__ import annotations

from pathlib import Path

import pytest

import bot.kernel.i18n as i18n
from bot.kernel.i18n import DEFAULT_LANGUAGE, SIMPLIFIED, SUPPORTED_LANGUAGES, TRADITIONAL, catalogue, t
from bot.kernel.i18n.chinese import simplified_only, to_traditional

ROOT = Path(__file__).resolve().parents[3]
ENGLISH = catalogue(DEFAULT_LANGUAGE)
HANS = catalogue(SIMPLIFIED)
HANT = catalogue(TRADITIONAL)


def missing_keys(catalogues: dict[str, dict[str, str]]) -> dict[str, list[str]]:
    every = set().union(*catalogues.values())
    return {language: sorted(every - keys.keys()) for language, keys in catalogues.items() if every - keys.keys()}


def differing_placeholders(catalogues: dict[str, dict[str, str]]) -> list[str]:
    english = catalogues[DEFAULT_LANGUAGE]
    return sorted(
        f"{language}: {key}" for language, keys in catalogues.items() for key, template in keys.items()
        if key in english and i18n.placeholders(template) != i18n.placeholders(english[key])
    )


def test_every_language_has_every_key() -> None:
    assert missing_keys({language: catalogue(language) for language in SUPPORTED_LANGUAGES}) == {}
    assert len(ENGLISH) > 700


def test_the_key_check_fails_on_a_missing_key() -> None:
    partial = dict(HANT)
    del partial["modal.new.title"]
    assert missing_keys({"en": ENGLISH, "zh_Hans": HANS, "zh_Hant": partial}) == {"zh_Hant": ["modal.new.title"]}


def test_every_language_uses_the_english_placeholders() -> None:
    assert differing_placeholders({language: catalogue(language) for language in SUPPORTED_LANGUAGES}) == []


def test_the_placeholder_check_fails_on_a_renamed_placeholder() -> None:
    changed = {**HANT, "form.error.too_long": HANT["form.error.too_long"].replace("{limit}", "{limits}")}
    assert differing_placeholders({"en": ENGLISH, "zh_Hant": changed}) == ["zh_Hant: form.error.too_long"]


@pytest.mark.parametrize("language", SUPPORTED_LANGUAGES)
def test_no_comment_names_a_file_a_key_came_from(language: str) -> None:
    # The old dict modules (`#. from en/review.py`) are gone; a key's name says where it belongs.
    text = i18n.po_path(language).read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("#. from ")] == []


@pytest.mark.parametrize("key", sorted(HANT))
def test_traditional_has_no_simplified_only_character(key: str) -> None:
    assert simplified_only(HANT[key]) == [], HANT[key]


def test_the_script_check_catches_simplified_text() -> None:
    assert simplified_only("活动数据已保存") == sorted("动数据")
    assert simplified_only("里程碑與負責人") == []
    assert simplified_only(to_traditional(HANS["review.title"])) == []


def test_no_dict_catalogue_modules_are_left_to_convert() -> None:
    leftovers = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "bot" / "kernel" / "i18n").glob("*/*.py"))
    assert leftovers == [], "run `python tools/dicts_to_po.py` to fold these into the .po files"


def test_no_english_string_says_s_in_parentheses() -> None:
    assert sorted(key for key, text in ENGLISH.items() if "(s)" in text) == []


@pytest.mark.parametrize(("key", "params", "one", "many"), [
    ("reminders.due_before", {"title": "T", "campaign": "C", "when": "Fri"}, "in 1 day,", "in 3 days,"),
    ("review.finding.incidents_open", {}, "1 incident is", "3 incidents are"),
    ("imports.preview.rows_to_fix", {}, "1 row needs", "3 rows need"),
])
def test_english_plurals_follow_babel_rules(key: str, params: dict[str, str], one: str, many: str) -> None:
    count = "days" if "days" in i18n.placeholders(ENGLISH[key]) else "count"
    assert one in t(key, "en", **params, **{count: 1})
    assert many in t(key, "en", **params, **{count: 3})
    assert "(s)" not in t(key, "zh-TW", **params, **{count: 1})


def test_plural_category_comes_from_babel() -> None:
    assert i18n.plural_category(1, "en") == "one"
    assert i18n.plural_category("1,000", "en") == "other"
    assert i18n.plural_category(1, TRADITIONAL) == "other"


@pytest.mark.parametrize(("key", "simplified", "taiwan"), [
    ("review.title", "复盘", "檢討"),
    ("reports.field.source", "渠道", "通路"),
    ("export.reports.feedback", "用户反馈", "使用者回饋"),
    ("modal.new.title", "新建活动", "建立活動"),
    ("card.help.summary", "投资回报率", "投資報酬率"),
])
def test_traditional_uses_taiwan_wording_not_converted_characters(key: str, simplified: str, taiwan: str) -> None:
    assert simplified in HANS[key] and taiwan in HANT[key]
    assert to_traditional(simplified) not in HANT[key]


@pytest.mark.parametrize("term", ["活動", "訊息", "資料", "預算", "負責人", "里程碑", "日報", "事件"])
def test_the_product_terms_are_taiwan_ones(term: str) -> None:
    assert any(term in text for text in HANT.values())


def test_traditional_is_not_english_copied() -> None:
    # Where Simplified is translated, so is Traditional (a `pybabel update` gone wrong would copy English over).
    assert sorted(key for key in ENGLISH if HANT[key] == ENGLISH[key] != HANS[key]) == []


def test_traditional_task_sheet_headers_are_read_back_by_the_importer() -> None:
    # A workbook exported to a zh-TW reader and imported again keeps its columns.
    from bot.imports.rules.headers import Field, match_header

    expected = {"id": Field.ID, "task": Field.TASK, "owner": Field.OWNER, "collaborators": Field.COLLABORATORS,
                "due": Field.DUE, "deliverable": Field.DELIVERABLE, "phase": Field.PHASE, "notes": Field.NOTES}
    for name, field in expected.items():
        assert match_header(HANT[f"export.tasks.{name}"]) == field, name
    assert [key for key in HANT if key.startswith("export.reports.") and match_header(HANT[key]) is not None] == []


def test_traditional_phase_names_are_read_back_by_the_importer() -> None:
    from bot.imports.rules.phases import classify_phase

    for phase in ("warmup", "burst", "longtail"):
        assert classify_phase(HANT[f"tasks.phase.{phase}"]).phase is not None, HANT[f"tasks.phase.{phase}"]
