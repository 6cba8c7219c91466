"""bot.i18n.tn: the plural form by the language's CLDR rules (Babel), the general form where a language has one."""

import pytest

from bot.i18n import catalogue, tn


@pytest.mark.parametrize(("count", "says"), [
    (0, "0 tasks of this campaign are"), (1, "1 task of this campaign is"), (2, "2 tasks of this campaign are"),
])
def test_english_chooses_one_or_other(count: int, says: str) -> None:
    assert tn("import.preview.missing_tasks", count, "en-US").startswith(says)


@pytest.mark.parametrize("count", [0, 1, 2, 21])
def test_chinese_has_one_form(count: int) -> None:
    assert tn("import.preview.missing_tasks", count, "zh-CN").startswith(f"本活动有 {count} 个任务")


def test_a_formatted_count_may_be_passed() -> None:
    assert tn("import.preview.missing_tasks", 1200, "en", count="1,200").startswith("1,200 tasks")


def test_every_plural_form_has_its_general_key() -> None:
    for language in ("en", "zh"):
        for key in catalogue(language):
            base, _, form = key.rpartition(".")
            if form in ("zero", "one", "two", "few", "many") and base.endswith(("_tasks", "_fix")):
                assert base in catalogue(language), key
