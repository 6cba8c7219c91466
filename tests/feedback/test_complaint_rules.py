"""The pure parts of complaint items: what a saved report does to its item, when an answer is due, what a reply must
be, the response time read from the Reminders form, and the review's figure."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.campaigns.rules.command_words import canonical_subcommand
from bot.campaigns.rules.reminders import ReminderSettings
from bot.feedback.rules.complaints import (
    ComplaintFact,
    ComplaintStatus,
    ItemState,
    check_assignee,
    check_reply,
    complaint_text,
    follow_report,
    is_overdue,
    next_escalation,
    resolved_on_time,
    respond_by,
)
from bot.kernel.forms import FieldError
from bot.pace.rules.anomalies import AnomalySettings
from bot.reminders.rules import CampaignTiming, form_of, read_reminder_form
from bot.review.rules.complaints import complaint_review

OPENED = datetime(2026, 5, 5, 10, 0, tzinfo=UTC)
OPEN = ComplaintStatus.OPEN


def test_only_feedback_tagged_as_a_complaint_is_one() -> None:
    assert complaint_text("  Coupons don't stack \n", "complaint") == "Coupons don't stack"
    assert complaint_text("Nice", "praise") is None
    assert complaint_text("   ", "complaint") is None
    assert complaint_text("Text", None) is None


@pytest.mark.parametrize(("item", "complaint", "change"), [
    (None, "Broken", "create"),
    (None, None, "none"),
    (ItemState(OPEN, "Broken"), "Broken", "none"),
    (ItemState(OPEN, "Broken"), "Broken at checkout", "update"),
    (ItemState(OPEN, "Broken"), None, "withdraw"),
    (ItemState(ComplaintStatus.RESOLVED, "Broken"), None, "none"),  # answered: it stays answered
    (ItemState(ComplaintStatus.RESOLVED, "Broken"), "Broken badly", "update"),
    (ItemState(ComplaintStatus.WITHDRAWN, "Broken"), "Broken", "reopen"),
    (ItemState(ComplaintStatus.WITHDRAWN, "Broken"), None, "none"),
])
def test_a_saved_report_creates_edits_withdraws_or_reopens_its_one_item(
        item: ItemState | None, complaint: str | None, change: str) -> None:
    assert follow_report(item, complaint) == change


def test_an_answer_is_due_after_the_response_time_and_the_owner_told_once() -> None:
    due = respond_by(OPENED, 24)
    assert due == OPENED + timedelta(hours=24)
    assert next_escalation("open", due, None) == due
    assert next_escalation("open", due, escalated_at=due) is None
    assert next_escalation("resolved", due, None) is None
    assert next_escalation("withdrawn", due, None) is None
    assert not is_overdue("open", due, due - timedelta(seconds=1))
    assert is_overdue("open", due, due) and not is_overdue("resolved", due, due + timedelta(days=3))
    assert resolved_on_time(due, due) and not resolved_on_time(due, due + timedelta(seconds=1))
    assert not resolved_on_time(due, None)


def test_a_reply_is_required_and_kept_as_typed_without_outer_spaces() -> None:
    assert check_reply("  Refunded the difference.\n") == ("Refunded the difference.", [])
    for blank in ("", "  \n\t "):
        reply, errors = check_reply(blank)
        assert reply is None and [(e.field, e.key) for e in errors] == [("feedback_reply",
                                                                         "feedback.error.reply_required")]
    reply, errors = check_reply("x" * 3001)
    assert reply is None and errors[0].key == "form.error.too_long" and errors[0].params == {"limit": 3000}
    assert check_assignee("U1") == ("U1", [])
    assert check_assignee(None)[1][0].field == "feedback_assignee"


def _read(hours: str, current: ReminderSettings | None = None) -> tuple[CampaignTiming | None, list[FieldError]]:
    current = current or ReminderSettings()
    form = replace(form_of(current, AnomalySettings(), None), complaint_hours=hours)
    return read_reminder_form(form, start=date(2026, 5, 1), end=date(2026, 5, 31), zone=ZoneInfo("Asia/Shanghai"),
                              current=current, alerts=AnomalySettings())


def test_the_response_time_is_a_whole_number_of_hours_from_1_to_720() -> None:
    assert form_of(ReminderSettings(), AnomalySettings(), None).complaint_hours == "24"
    timing, errors = _read("48")
    assert errors == [] and timing is not None and timing.reminders.complaint_response_hours == 48
    assert ReminderSettings.load(timing.reminders.dump()).complaint_response_hours == 48
    assert ReminderSettings.load('{"reminder_hour": 9}').complaint_response_hours == 24  # stored before the setting
    timing, _ = _read("１２")  # full-width digits, as a Chinese keyboard types them, read like the other hours
    assert timing is not None and timing.reminders.complaint_response_hours == 12
    for typed in ("0", "-1", "abc", "2.5", "721"):
        timing, errors = _read(typed)
        assert timing is None
        assert [(e.field, e.key, e.params) for e in errors] == [("complaint_hours", "reminders.error.range",
                                                                 {"low": 1, "high": 720})]


def test_a_form_without_the_field_keeps_the_response_time() -> None:
    timing, errors = _read("", ReminderSettings(complaint_response_hours=36))
    assert errors == [] and timing is not None and timing.reminders.complaint_response_hours == 36


def test_the_review_counts_complaints_resolved_on_time_out_of_all() -> None:
    due = OPENED + timedelta(hours=24)
    facts = [
        ComplaintFact(OPENED, due, OPENED + timedelta(hours=2)),
        ComplaintFact(OPENED, due, due),
        ComplaintFact(OPENED, due, OPENED + timedelta(hours=30)),  # late
        ComplaintFact(OPENED, due, None),  # still open, past due by the review
        ComplaintFact(OPENED + timedelta(hours=40), due + timedelta(hours=40), None),  # open, not yet due
    ]
    review = complaint_review(facts, as_of=OPENED + timedelta(hours=48))
    assert (review.total, review.resolved, review.resolved_on_time, review.open, review.overdue) == (5, 3, 2, 2, 1)
    assert complaint_review([], as_of=OPENED).total == 0


@pytest.mark.parametrize("word", ["feedback", "反馈", "反饋", "回饋", "回馈", "投诉", "投訴", "客訴"])
def test_the_feedback_sub_command_in_either_script(word: str) -> None:
    assert canonical_subcommand(word) == "feedback"
