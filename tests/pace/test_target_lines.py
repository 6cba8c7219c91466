"""The words of every goal exist in each language, and a line reads the same whatever the surface."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.campaigns.rules.campaign import Metric
from bot.kernel.i18n import catalogue
from bot.pace.blocks.target_lines import goal_line, status_mark
from bot.pace.rules.pace import PaceStanding, PaceStatus
from bot.pace.rules.target_rates import GoalResult, TargetStatus
from bot.plan.rules.targets import KIND, OPTIONAL_FIGURES, Goal, GoalKind


def _keys() -> list[str]:
    keys = [f"plan.targets.goal.{name}" for name in (*(goal.value for goal in Goal), *(m.value for m in Metric))]
    keys += [f"plan.targets.field.{goal.value}" for goal in Goal] + [f"plan.targets.hint.{goal.value}" for goal in Goal]
    keys += [f"plan.targets.baseline.{goal.value}{end}" for goal in Goal if KIND[goal] is GoalKind.LIFT
             for end in ("", ".hint")]
    keys += [f"plan.targets.status.{status.value}" for status in TargetStatus]
    keys += [f"reports.field.{name}" for name in OPTIONAL_FIGURES]
    return keys


@pytest.mark.parametrize("language", ["en", "zh_Hans", "zh_Hant"])
def test_every_goal_has_its_words(language: str) -> None:
    words = catalogue(language)
    assert [key for key in _keys() if key not in words] == []


def test_marks_are_the_pace_marks() -> None:
    def result(status: TargetStatus) -> GoalResult:
        return GoalResult(Goal.ROI, status, Decimal(3))

    assert [status_mark(result(status)) for status in TargetStatus] == ["🟢", "🔴", "⚪"]
    members = GoalResult(Goal.NEW_MEMBERS, TargetStatus.NOT_MET, Decimal(100), 10,
                         pace=PaceStanding(PaceStatus.BEHIND, Decimal("0.5"), Decimal("0.1")))
    assert status_mark(members) == "🔴"


def test_a_line_not_judged_yet_says_so_without_a_number() -> None:
    line = goal_line(GoalResult(Goal.NEW_CUSTOMER_SHARE, TargetStatus.NOT_JUDGED, Decimal("0.4")), "en")
    assert line == "⚪ New-customer share: — (target ≥ 40%)"
    assert goal_line(GoalResult(Goal.NEW_CUSTOMER_SHARE, TargetStatus.MET, Decimal("0.4"), Decimal("0.425")),
                     "zh-TW") == "🟢 新客佔比：42.5%（目標 ≥ 40%）"
