"""The satisfaction question's arithmetic: one decimal average of the valid scores, and scores read from buttons."""

from __future__ import annotations

from decimal import Decimal

from bot.feedback.rules.satisfaction import Tally, score_of, tally


def test_the_average_has_one_decimal_and_counts_each_answer() -> None:
    assert tally([4, 5, 4, 3, 5, 4]) == Tally(count=6, average=Decimal("4.2"))
    assert tally([2, 5]) == Tally(count=2, average=Decimal("3.5"))
    assert tally([1, 2, 2]) == Tally(count=3, average=Decimal("1.7"))  # 1.666… rounds half up


def test_no_answers_is_no_average() -> None:
    assert tally([]) == Tally(count=0, average=None)
    assert tally([0, 6, 9]) == Tally()  # nothing the buttons could have given


def test_the_score_comes_from_the_buttons_action_id() -> None:
    assert [score_of(f"satisfaction_{n}", "satisfaction_") for n in range(1, 6)] == [1, 2, 3, 4, 5]
    for action_id in ("satisfaction_0", "satisfaction_6", "satisfaction_", "satisfaction_x", "other_3",
                      "satisfaction_４"):
        assert score_of(action_id, "satisfaction_") is None
