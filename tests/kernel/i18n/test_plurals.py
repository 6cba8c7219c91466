"""Plurals of the import preview and DM: one key each, the form chosen by Babel's CLDR rules through t()."""

import pytest

from bot.kernel import i18n
from bot.kernel.i18n import catalogue, t


@pytest.mark.parametrize(("count", "says"), [
    (0, "0 tasks of this campaign are"), (1, "1 task of this campaign is"), (2, "2 tasks of this campaign are"),
])
def test_english_chooses_one_or_other(count: int, says: str) -> None:
    assert t("imports.preview.missing_tasks", "en-US", count=count).startswith(says)


@pytest.mark.parametrize("count", [0, 1, 2, 21])
def test_chinese_has_one_form(count: int) -> None:
    assert t("imports.preview.missing_tasks", "zh-CN", count=count).startswith(f"本活动有 {count} 个任务")
    assert t("imports.preview.missing_tasks", "zh-TW", count=count).startswith(f"本活動有 {count} 個任務")


def test_a_formatted_count_chooses_the_same_form() -> None:
    assert t("imports.preview.missing_tasks", "en", count="1,200").startswith("1,200 tasks")
    assert t("imports.preview.close_missing_tasks", "en", count="1").endswith("the 1 task no longer in the table")


PLURAL_KEYS = ("imports.preview.missing_tasks", "imports.preview.close_missing_tasks", "imports.preview.rows_to_fix",
               "imports.done.dm_tasks")


@pytest.mark.parametrize("language", ["en", "zh_Hans", "zh_Hant"])
def test_one_plural_mechanism_one_key_per_message(language: str) -> None:
    # The plural lives inside the one message (ICU); no "<key>.one" beside it, no second helper.
    keys = catalogue(language)
    assert all(key in keys and f"{key}.one" not in keys for key in PLURAL_KEYS)
    assert not hasattr(i18n, "tn")
