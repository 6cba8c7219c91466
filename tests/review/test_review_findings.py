"""A rate's or a lift's finding names the goal in the reader's words, like its line in "Rates and lifts"."""

from __future__ import annotations

import pytest

from bot.review.blocks.lines import finding_text
from bot.review.rules import Finding


@pytest.mark.parametrize(("finding", "locale", "text"), [
    (Finding("goal_met", metric="roi"), "en", "ROI: at or above its target"),
    (Finding("goal_missed", metric="new_customer_share"), "en", "New-customer share: below its target"),
    (Finding("goal_missed", metric="new_customer_share"), "zh-CN", "新客占比：未达目标"),
    (Finding("goal_met", metric="roi"), "zh-TW", "投資報酬率：達到目標"),
])
def test_goal_findings_name_the_goal(finding: Finding, locale: str, text: str) -> None:
    assert finding_text(finding, locale, lambda value: value) == text
