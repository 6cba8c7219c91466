"""What the complaint-item tests share: a report with a complaint, the item cards the bot posted, and the
Reminders modal submitted back as it opened with one field changed."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import INPUT, Action, Field, View
from storage.models import FeedbackItem, OutboxMessage
from tests.support import payloads
from tests.support.harness import BotHarness, response_json

METADATA = ModalMetadata(campaign_id=1).dump()


def report(bot: BotHarness, feedback: str, *, kind: str | None = "complaint", user: str = "U_REP",
           source: str = "WeChat", day: date = date(2026, 5, 5), **figures: str) -> Any:
    figures.setdefault("exposure", "1000")
    response = bot.submit(View.DAILY_REPORT, payloads.report_values(day=day, source=source, feedback=feedback,
                                                                    feedback_type=kind, **figures),
                          user=user, private_metadata=METADATA)
    assert response.text == "", response.text
    return response


def items(bot: BotHarness) -> list[FeedbackItem]:
    with bot.session() as session:
        return list(session.scalars(select(FeedbackItem).order_by(FeedbackItem.id)))


def actions_of(blocks: list[dict[str, Any]]) -> list[str]:
    return [element["action_id"] for block in blocks if block["type"] == "actions" for element in block["elements"]]


def card_posts(bot: BotHarness) -> list[dict[str, Any]]:
    """The item cards posted in the campaign channel (not their edits)."""
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL
            and any(str(block.get("block_id", "")).startswith("feedback-card-") for block in post.get("blocks") or [])]


def card_ts(bot: BotHarness, item_id: int = 1) -> str:
    with bot.session() as session:
        row = session.scalars(select(OutboxMessage)
                              .where(OutboxMessage.idempotency_key == f"feedback:{item_id}:card")).one()
        assert row.status == "sent" and row.message_ts
        return row.message_ts


def card_updates(bot: BotHarness, item_id: int = 1) -> list[dict[str, Any]]:
    ts = card_ts(bot, item_id)
    return [update for update in bot.standin.calls_to("chat.update") if update["ts"] == ts]


def dms(bot: BotHarness, user: str) -> list[dict[str, Any]]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == user]


def open_settings(bot: BotHarness, user: str = "U_OWNER") -> dict[str, Any]:
    before = len(bot.standin.calls_to("views.open"))
    bot.click(Action.OPEN_REMINDER_SETTINGS, "1", user=user)
    return bot.standin.calls_to("views.open")[before]["view"]


def submit_settings(bot: BotHarness, view: dict[str, Any], *, user: str = "U_OWNER", **changed: str) -> dict[str, Any]:
    """Submit the Reminders modal with what it opened with, the text fields in `changed` (by block id) changed."""
    values: dict[str, Any] = {}
    for block in view["blocks"]:
        element = block.get("element")
        if block.get("type") != "input" or element is None:
            continue
        kind = element["type"]
        if kind == "plain_text_input":
            value = changed.get(block["block_id"], element.get("initial_value"))
            values[block["block_id"]] = {INPUT: {"type": kind, "value": value or None}}
        elif kind == "checkboxes":
            checked = element.get("initial_options") or []
            values[block["block_id"]] = {INPUT: {"type": kind, "selected_options": checked}}
        elif kind == "static_select":
            values[block["block_id"]] = {INPUT: {"type": kind, "selected_option": element.get("initial_option")}}
    return response_json(bot.submit(View.REMINDER_SETTINGS, values, user=user,
                                    private_metadata=view["private_metadata"]))


COMPLAINT_HOURS = Field.COMPLAINT_HOURS.value
