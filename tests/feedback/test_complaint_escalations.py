"""Clock-driven: an open complaint past its response time (24 h, or the campaign's own) is escalated to the campaign
owner by DM, once, and its card says so; a resolved one never is; changing the response time moves open ones."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.feedback import scheduled as complaint_escalation
from bot.feedback.blocks.complaints import FeedbackModalMetadata
from bot.kernel.ids import INPUT, Action, Field, View
from scheduler.passes import PassReport, run_due
from storage.models import FeedbackItem, OutboxMessage
from tests.support import complaints, scenarios
from tests.support.complaints import actions_of, card_updates, dms, items, report
from tests.support.harness import BotHarness
from tests.support.scenarios import SHANGHAI

HEARD = datetime(2026, 5, 5, 18, 0, tzinfo=SHANGHAI)


@pytest.fixture
def running(bot: BotHarness) -> BotHarness:
    """Spring Sale running; U_REP reports a complaint from WeChat at 18:00 on May 5, Shanghai."""
    scenarios.running(bot, reporters={"U_REP": {"tz": "Asia/Shanghai"}}, sources="WeChat")
    report(bot, "Coupons don't stack with the member discount")
    return bot


def _tick(bot: BotHarness, instant: datetime) -> PassReport:
    bot.clock.set(instant)
    return run_due(bot.services, instant)


def _escalations(bot: BotHarness) -> list[dict]:
    return [dm for dm in dms(bot, "U_OWNER") if "has had no answer" in dm["text"]]


def test_an_open_complaint_is_escalated_to_the_owner_after_24_hours_once(running: BotHarness) -> None:
    assert _tick(running, HEARD + timedelta(hours=23, minutes=59)).counts["complaint_escalations"] == 0
    assert _escalations(running) == []
    assert _tick(running, HEARD + timedelta(hours=24)).counts["complaint_escalations"] == 1
    [dm] = _escalations(running)
    assert dm["text"] == ("Complaint #1 on *Spring Sale* has had no answer for 1 day (response time 24 hours): "
                          "“Coupons don't stack with the member discount” · Not assigned")
    assert actions_of(dm["blocks"]) == [Action.FEEDBACK_ASSIGN, Action.FEEDBACK_RESOLVE]
    assert "Escalated to <@U_OWNER>" in json.dumps(card_updates(running)[-1]["blocks"])
    [item] = items(running)
    assert (item.escalated_at, item.escalate_at) == (HEARD + timedelta(hours=24), None)
    for later in (timedelta(hours=24, minutes=1), timedelta(days=2), timedelta(days=5)):
        assert _tick(running, HEARD + later).counts["complaint_escalations"] == 0
    assert len(_escalations(running)) == 1


def test_an_item_read_again_after_the_owner_was_told_adds_nothing(running: BotHarness) -> None:
    _tick(running, HEARD + timedelta(hours=25))
    with running.session() as session:
        item = session.get_one(FeedbackItem, 1)
        item.escalate_at = HEARD + timedelta(hours=24)  # as if a second process had read the row before the commit
        complaint_escalation.advance(running.services, session, item, HEARD + timedelta(hours=25))
    with running.session() as session:
        keys = session.scalars(select(OutboxMessage.idempotency_key)
                               .where(OutboxMessage.kind == "feedback_escalation")).all()
    assert keys == ["feedback:1:escalated"]
    _tick(running, HEARD + timedelta(hours=25))
    assert len(_escalations(running)) == 1


def test_a_resolved_complaint_is_never_escalated(running: BotHarness) -> None:
    running.clock.set(HEARD + timedelta(hours=2))
    running.submit(View.FEEDBACK_RESOLVE, {Field.FEEDBACK_REPLY: {INPUT: {"type": "plain_text_input",
                                                                          "value": "Refunded."}}},
                   private_metadata=FeedbackModalMetadata(1).dump())
    assert items(running)[0].status == "resolved"
    for hours in (24, 30, 72):
        assert _tick(running, HEARD + timedelta(hours=hours)).counts["complaint_escalations"] == 0
    assert _escalations(running) == []


def test_a_custom_response_time_moves_the_escalation(running: BotHarness) -> None:
    view = complaints.open_settings(running)
    assert complaints.submit_settings(running, view, complaint_hours="2") == {}
    assert items(running)[0].due_at == HEARD + timedelta(hours=2)
    assert _tick(running, HEARD + timedelta(hours=1, minutes=59)).counts["complaint_escalations"] == 0
    assert _tick(running, HEARD + timedelta(hours=2)).counts["complaint_escalations"] == 1
    [dm] = _escalations(running)
    assert "response time 2 hours" in dm["text"]
    # Longer again after it was told: the owner is not told a second time.
    assert complaints.submit_settings(running, complaints.open_settings(running), complaint_hours="48") == {}
    assert _tick(running, HEARD + timedelta(hours=49)).counts["complaint_escalations"] == 0
    assert len(_escalations(running)) == 1


def test_a_longer_response_time_set_before_the_deadline_holds_the_escalation_back(running: BotHarness) -> None:
    complaints.submit_settings(running, complaints.open_settings(running), complaint_hours="72")
    assert _tick(running, HEARD + timedelta(hours=48)).counts["complaint_escalations"] == 0
    assert _tick(running, HEARD + timedelta(hours=72)).counts["complaint_escalations"] == 1
