"""The complaint item's blocks: typed text is escaped, the list stays within Slack's 50 blocks, the modals' titles
within 24 characters in every language, and modal metadata that the bot did not write is refused."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.feedback.blocks.complaints import (
    LIST_MAX,
    FeedbackModalMetadata,
    assign_modal,
    item_card,
    open_list,
    resolve_modal,
)
from bot.kernel.ids import Action

OPENED = datetime(2026, 5, 5, 10, 0, tzinfo=UTC)


@dataclass
class _Item:
    id: int | None = 1
    day: date = date(2026, 5, 5)
    source: str = "WeChat"
    reporter_id: str = "U_REP"
    text: str = "Coupons <!channel> & *stars*"
    status: str = "open"
    opened_at: datetime = OPENED
    due_at: datetime = OPENED + timedelta(hours=24)
    escalated_at: datetime | None = None
    assignee_id: str | None = None
    reply: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None


@dataclass
class _Campaign:
    name: str = "Spring <@U1> Sale"
    owner_id: str = "U_OWNER"
    timezone: str = "Asia/Shanghai"


def _actions(blocks: list) -> list[str]:
    return [e["action_id"] for b in blocks if (d := b.to_dict())["type"] == "actions" for e in d["elements"]]


def test_typed_text_is_escaped_on_the_card() -> None:
    shown = json.dumps([block.to_dict() for block in item_card(_Item(), _Campaign(), "en")])
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown and "<@U1>" not in shown


def test_a_resolved_card_shows_the_reply_and_no_buttons() -> None:
    item = _Item(status="resolved", reply="Refunded <everyone>", resolved_by="U_OWNER",
                 resolved_at=OPENED + timedelta(hours=3))
    blocks = item_card(item, _Campaign(), "en")
    shown = json.dumps([block.to_dict() for block in blocks])
    assert "Refunded &lt;everyone&gt;" in shown and "Resolved after 3 h" in shown and _actions(blocks) == []
    assert _actions(item_card(_Item(), _Campaign(), "en")) == [Action.FEEDBACK_ASSIGN, Action.FEEDBACK_RESOLVE]


def test_the_list_stays_within_fifty_blocks_and_says_how_many_more() -> None:
    items = [replace(_Item(), id=n) for n in range(1, LIST_MAX + 8)]
    blocks = open_list(items, _Campaign(), OPENED + timedelta(hours=30), "en")  # type: ignore[arg-type]
    assert len(blocks) <= 50
    assert "…and 7 more complaints" in json.dumps(blocks[-1].to_dict(), ensure_ascii=False)
    assert "⚠️" in json.dumps(blocks[1].to_dict(), ensure_ascii=False)  # past its response time


@pytest.mark.parametrize("locale", ["en", "zh-CN", "zh-TW"])
def test_the_modals_fit_slack_in_every_language(locale: str) -> None:
    for view in (assign_modal(_Item(), "{}", locale), resolve_modal(_Item(), "{}", locale)):
        data = view.to_dict()
        assert len(data["title"]["text"]) <= 24 and len(data["submit"]["text"]) <= 24


@pytest.mark.parametrize("text", ["", "nonsense", "[]", '{"item_id": "5"}', '{"item_id": 0}', '{"item_id": true}',
                                  '{"item_id": 99999999999999999999}'])
def test_metadata_the_bot_did_not_write_is_refused(text: str) -> None:
    assert FeedbackModalMetadata.load(text) is None
    assert FeedbackModalMetadata.load(FeedbackModalMetadata(5).dump()) == FeedbackModalMetadata(5)
