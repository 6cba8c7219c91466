"""Warned in time: approving a campaign nobody reports for warns its owner; Close warns about the incidents and tasks it
leaves open."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.kernel import formatting
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, View
from storage.models import Incident, Task
from tests.review.test_review import METADATA, _run_review, at, ended  # noqa: F401  (`ended` is a fixture)
from tests.support import payloads
from tests.support.harness import BotHarness


def _dms_to(bot: BotHarness, user: str) -> list[dict[str, Any]]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == user]


def test_approving_without_reporters_warns_the_owner(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.standin.reset_calls()
    bot.approve("1")
    [warning] = _dms_to(bot, "U_OWNER")
    assert warning["text"].startswith("⚠️ *Spring Sale* is approved, but nobody is set up to report")
    assert len(bot.standin.calls_to("chat.update")) == 1  # the card is refreshed as before


def test_the_warning_reaches_the_owner_when_an_admin_approves(bot: BotHarness) -> None:
    bot.standin.add_user("U_OWNER", locale="zh-CN")
    bot.standin.add_user("U_ADMIN", is_admin=True)
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.standin.reset_calls()
    bot.approve("1")
    [warning] = _dms_to(bot, "U_OWNER")
    assert "还没有人负责填报日报" in warning["text"]  # in the owner's language
    assert _dms_to(bot, "U_ADMIN") == []


def test_approving_with_reporters_says_nothing_more(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    assert bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_REP"]),
                      private_metadata=ModalMetadata(campaign_id=1).dump()).text == ""
    bot.standin.reset_calls()
    bot.approve("1")
    assert bot.standin.calls_to("chat.postMessage") == []


def _review_with_open_work(bot: BotHarness) -> tuple[dict[str, Any], int, list[int]]:
    """An incident reported on the last morning, then the review: (its message, open tasks, unresolved ids)."""
    bot.clock.set(at(10, 15))
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REP",
                      private_metadata=METADATA).text == ""
    review = _run_review(bot)
    with bot.session() as session:
        open_tasks = len(session.scalars(select(Task).where(Task.status.in_(("open", "blocked")))).all())
        unresolved = list(session.scalars(select(Incident.id).where(Incident.status != "resolved")
                                          .order_by(Incident.id)).all())
    return review, open_tasks, unresolved


def _nothing_open(bot: BotHarness) -> None:
    with bot.session() as session:
        for task in session.scalars(select(Task)):
            task.status = "done"
        for incident in session.scalars(select(Incident)):
            incident.status, incident.next_step_at = "resolved", None


def test_close_warns_about_open_incidents_and_tasks(ended: BotHarness) -> None:  # noqa: F811
    bot = ended
    review, open_tasks, unresolved = _review_with_open_work(bot)
    assert open_tasks > 0 and len(unresolved) > 1
    ids = formatting.listing([f"#{number}" for number in unresolved], "en")
    bot.standin.reset_calls()
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_OWNER", message_blocks=review["blocks"])
    [note] = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]
    assert note["text"].startswith("✅ <@U_OWNER> closed *Spring Sale*.")
    assert f"⚠️ Still open: {len(unresolved)} incidents ({ids}) and {open_tasks} tasks." in note["text"]


def test_close_with_nothing_open_has_no_warning(ended: BotHarness) -> None:  # noqa: F811
    bot = ended
    _nothing_open(bot)
    review = _run_review(bot)
    bot.standin.reset_calls()
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_OWNER", message_blocks=review["blocks"])
    [note] = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]
    assert "Still open" not in note["text"]


def _close_button(review: dict[str, Any]) -> dict[str, Any]:
    [button] = [element for block in review["blocks"] if block["type"] == "actions"
                for element in block["elements"] if element["action_id"] == Action.CLOSE_CAMPAIGN]
    return button


def test_the_review_close_button_warns_before_closing(ended: BotHarness) -> None:  # noqa: F811
    bot = ended
    review, open_tasks, unresolved = _review_with_open_work(bot)
    assert open_tasks > 1 and len(unresolved) > 1
    confirm = _close_button(review)["confirm"]
    assert confirm["text"]["text"].startswith(f"Still open: {len(unresolved)} incidents and {open_tasks} tasks.")
    assert confirm["confirm"]["text"] == "Close anyway" and confirm["deny"]["text"] == "Cancel"
    assert confirm["title"]["text"] == "Close the campaign?"


def test_the_review_close_button_has_no_open_work_warning_when_nothing_is_open(ended: BotHarness) -> None:  # noqa: F811
    bot = ended
    _nothing_open(bot)
    confirm = _close_button(_run_review(bot))["confirm"]
    assert "Still open" not in confirm["text"]["text"]
    assert confirm["confirm"]["text"] == "Close"  # the plain "Close is final" question, kept from before
