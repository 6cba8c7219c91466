"""The review's Close button says, before closing, how many incidents and tasks are still open."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from bot.kernel.ids import Action
from bot.review.blocks.message import close_confirm, review_blocks
from tests.review.test_review_escapes_user_text import _package


def _confirm(open_incidents: int, open_tasks: int, locale: str, status: str = "evaluating") -> dict[str, Any] | None:
    package = _package("Spring Sale", status)
    package = replace(package, subject=replace(package.subject, open_incidents=open_incidents, open_tasks=open_tasks))
    for block in review_blocks(package, locale):
        for element in getattr(block, "elements", None) or []:
            if getattr(element, "action_id", None) == Action.CLOSE_CAMPAIGN:
                return element.to_dict()["confirm"]
    return None


@pytest.mark.parametrize(("incidents", "tasks", "locale", "text", "confirm"), [
    (2, 3, "en", "Still open: 2 incidents and 3 tasks.", "Close anyway"),
    (1, 0, "en", "Still open: 1 incident.", "Close anyway"),
    (0, 1, "en", "Still open: 1 task.", "Close anyway"),
    (2, 3, "zh-CN", "仍未处理：2 个突发事件和3 项任务。", "仍然结束"),
    (2, 3, "zh-TW", "仍未處理：2 個突發事件和3 項任務。", "仍然結束"),
])
def test_open_work_is_named_in_the_close_dialog(incidents: int, tasks: int, locale: str, text: str,
                                                 confirm: str) -> None:
    dialog = _confirm(incidents, tasks, locale)
    assert dialog is not None
    assert dialog["text"]["text"].startswith(text)
    assert dialog["confirm"]["text"] == confirm


def test_with_nothing_open_close_only_asks_the_plain_question() -> None:
    dialog = _confirm(0, 0, "en")
    assert dialog is not None
    assert "Still open" not in dialog["text"]["text"]
    assert dialog["text"]["text"].startswith("Closing ends the review")
    assert (dialog["confirm"]["text"], dialog["deny"]["text"]) == ("Close", "Cancel")


def test_a_running_campaign_offers_no_close_button() -> None:
    assert _confirm(2, 3, "en", status="running") is None


def test_the_dialog_stays_within_slack_limits() -> None:
    for locale in ("en", "zh-CN", "zh-TW"):
        close_confirm(10**6, 10**6, locale).validate_json()  # raises past Block Kit's 300 characters
