"""Chinese as the handbooks write it: 复盘 for the review, 渠道 for a report's source, 延续期 for the long tail."""

from __future__ import annotations

import pytest

from bot.kernel.i18n import catalogue

CHINESE = catalogue("zh")
ENGLISH = catalogue("en")


@pytest.mark.parametrize("avoided", ["数据来源", "长尾"])
def test_the_chinese_catalogue_uses_one_word_for_each_thing(avoided: str) -> None:
    assert [key for key, value in CHINESE.items() if avoided in value] == []


@pytest.mark.parametrize(("key", "word"), [
    ("review.title", "复盘"), ("card.help.summary", "复盘"), ("reports.field.source", "渠道"),
    ("reports.setup.sources", "渠道"), ("review.section.sources", "渠道"), ("export.reports.source", "渠道"),
    ("pace.anomaly.lagging", "渠道"), ("lifecycle.field.longtail_start", "延续期"), ("tasks.phase.longtail", "延续期"),
    ("card.phase.longtail", "延续期"), ("reminders.phase_longtail", "延续期"), ("form.error.phase_order", "延续期"),
])
def test_the_handbook_words_are_shown(key: str, word: str) -> None:
    assert word in CHINESE[key]


@pytest.mark.parametrize(("key", "word"), [
    ("review.title", "复盘"), ("reports.field.source", "渠道"), ("review.section.sources", "渠道"),
    ("lifecycle.field.longtail_start", "延续期"), ("tasks.phase.longtail", "延续期"),
])
def test_english_names_the_chinese_term_too(key: str, word: str) -> None:
    assert word in ENGLISH[key]


@pytest.mark.parametrize(("key", "words"), [
    ("plan.budget.field.materials", ("Materials", "物料")), ("plan.budget.field.channel", ("Channel promotion",
                                                                                         "渠道推广")),
    ("plan.budget.field.staff", ("Staff", "人员")), ("plan.budget.field.venue", ("Venue", "场地")),
    ("plan.budget.field.contingency", ("Contingency", "应急备用金")),
])
def test_budget_line_labels_carry_both_names(key: str, words: tuple[str, ...]) -> None:
    for word in words:
        assert word in ENGLISH[key] and word in CHINESE[key]
