"""Complaints from the daily reports as items, end to end through signed requests: one card per complaint report in
the campaign channel with Assign and Resolve; an edited report edits the same item; Assign tells the assignee by DM;
Resolve needs a reply, keeps it and shows it; `/campaign feedback` lists the open ones; the response time is set in
the Reminders modal and refused on its field when it is not a whole number of hours."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from bot.campaigns.rules.reminders import ReminderSettings
from bot.feedback.blocks.complaints import FeedbackModalMetadata
from bot.kernel.ids import INPUT, Action, Field, View
from storage.models import Campaign
from tests.support import complaints, scenarios
from tests.support.complaints import actions_of, card_posts, card_updates, dms, items, report
from tests.support.harness import BotHarness, response_json

COMPLAINT = "Coupons don't stack with the member discount"


@pytest.fixture
def running(bot: BotHarness) -> BotHarness:
    """Spring Sale running, U_REP and U_TOM report (WeChat, Douyin); today is May 5, 18:00 in Shanghai."""
    bot.standin.add_user("U_HELPER", tz="Asia/Shanghai")
    scenarios.running(bot, reporters={"U_REP": {"tz": "Asia/Shanghai"}, "U_TOM": {"tz": "Asia/Shanghai"}},
                      sources="WeChat\nDouyin")
    return bot


def _assignee(user: str | None) -> dict:
    return {Field.FEEDBACK_ASSIGNEE: {INPUT: {"type": "users_select", "selected_user": user}}}


def _reply(text: str) -> dict:
    return {Field.FEEDBACK_REPLY: {INPUT: {"type": "plain_text_input", "value": text or None}}}


def _metadata(item_id: int = 1) -> str:
    return FeedbackModalMetadata(item_id).dump()


def _opened(bot: BotHarness) -> dict:
    return bot.standin.calls_to("views.open")[-1]["view"]


# --- one item per complaint report ---------------------------------------------------------------------------------

def test_a_complaint_report_posts_one_item_with_assign_and_resolve(running: BotHarness) -> None:
    report(running, COMPLAINT)
    [card] = card_posts(running)
    assert actions_of(card["blocks"]) == [Action.FEEDBACK_ASSIGN, Action.FEEDBACK_RESOLVE]
    shown = json.dumps(card["blocks"], ensure_ascii=False)
    assert "*Complaint #1* · Spring Sale · WeChat, May 5" in shown and ">Coupons don't stack" in shown
    assert "<@U_REP>" in shown and "Not assigned" in shown and "WeChat" in shown
    [item] = items(running)
    assert (item.status, item.text, item.reporter_id, item.source) == ("open", COMPLAINT, "U_REP", "WeChat")
    assert item.due_at - item.opened_at == timedelta(hours=24)


def test_editing_the_report_edits_the_same_item_and_never_posts_a_second(running: BotHarness) -> None:
    report(running, COMPLAINT)
    report(running, COMPLAINT, exposure="2000")  # the figures changed, the complaint did not
    assert len(card_posts(running)) == 1 and card_updates(running) == []
    report(running, COMPLAINT + " at checkout", exposure="2000")
    [item] = items(running)
    assert item.text == COMPLAINT + " at checkout"
    [update] = card_updates(running)
    assert "at checkout" in json.dumps(update["blocks"])
    assert actions_of(update["blocks"]) == [Action.FEEDBACK_ASSIGN, Action.FEEDBACK_RESOLVE]
    assert len(card_posts(running)) == 1


def test_untagging_the_complaint_withdraws_the_item_and_tagging_it_again_reopens_it(running: BotHarness) -> None:
    report(running, COMPLAINT)
    report(running, COMPLAINT, kind="suggestion")
    [item] = items(running)
    assert (item.status, item.escalate_at) == ("withdrawn", None)
    assert actions_of(card_updates(running)[-1]["blocks"]) == []
    assert "no longer calls this a complaint" in json.dumps(card_updates(running)[-1]["blocks"])
    report(running, COMPLAINT)
    [item] = items(running)
    assert item.status == "open" and item.escalate_at is not None
    assert len(card_posts(running)) == 1


def test_other_feedback_and_other_reports_make_their_own_items_or_none(running: BotHarness) -> None:
    report(running, "Lovely packaging", kind="praise")
    assert items(running) == [] and card_posts(running) == []
    report(running, COMPLAINT)
    report(running, "Live stream froze twice", user="U_TOM", source="Douyin")
    assert [item.text for item in items(running)] == [COMPLAINT, "Live stream froze twice"]
    assert len(card_posts(running)) == 2


# --- Assign --------------------------------------------------------------------------------------------------------

def test_assign_opens_a_people_picker_and_tells_the_assignee_by_dm(running: BotHarness) -> None:
    report(running, COMPLAINT)
    running.standin.reset_calls()
    running.click(Action.FEEDBACK_ASSIGN, "1", user="U_OWNER")
    view = _opened(running)
    assert view["callback_id"] == View.FEEDBACK_ASSIGN
    [picker] = [b for b in view["blocks"] if b.get("block_id") == Field.FEEDBACK_ASSIGNEE]
    assert picker["element"]["type"] == "users_select" and "Assignee" in picker["label"]["text"]

    refused = response_json(running.submit(View.FEEDBACK_ASSIGN, _assignee(None),
                                           private_metadata=view["private_metadata"]))
    assert refused["response_action"] == "errors" and Field.FEEDBACK_ASSIGNEE in refused["errors"]
    assert items(running)[0].assignee_id is None

    assert running.submit(View.FEEDBACK_ASSIGN, _assignee("U_HELPER"),
                          private_metadata=view["private_metadata"]).text == ""
    [item] = items(running)
    assert (item.assignee_id, item.assigned_by) == ("U_HELPER", "U_OWNER")
    [dm] = dms(running, "U_HELPER")
    assert "<@U_OWNER> assigned you complaint #1 on *Spring Sale*" in dm["text"]
    assert actions_of(dm["blocks"]) == [Action.FEEDBACK_ASSIGN, Action.FEEDBACK_RESOLVE]
    [update] = card_updates(running)
    assert "<@U_HELPER>" in json.dumps(update["blocks"])

    # The same person again: nothing new to say.
    running.submit(View.FEEDBACK_ASSIGN, _assignee("U_HELPER"), private_metadata=_metadata())
    assert len(dms(running, "U_HELPER")) == 1


def test_only_the_owner_reporters_assignee_or_an_admin_may_handle_a_complaint(running: BotHarness) -> None:
    report(running, COMPLAINT)
    running.standin.reset_calls()
    running.click(Action.FEEDBACK_RESOLVE, "1", user="U_STRANGER")
    assert running.standin.calls_to("views.open") == []
    [note] = running.standin.calls_to("chat.postEphemeral")
    assert "can handle its complaints" in note["text"]
    refused = response_json(running.submit(View.FEEDBACK_ASSIGN, _assignee("U_STRANGER"), user="U_STRANGER",
                                           private_metadata=_metadata()))
    assert "can handle its complaints" in refused["errors"][Field.FEEDBACK_ASSIGNEE]
    running.click(Action.FEEDBACK_RESOLVE, "1", user="U_TOM")  # another reporter may
    assert _opened(running)["callback_id"] == View.FEEDBACK_RESOLVE
    running.submit(View.FEEDBACK_ASSIGN, _assignee("U_HELPER"), private_metadata=_metadata())
    running.click(Action.FEEDBACK_RESOLVE, "1", user="U_HELPER")  # so may its assignee
    assert len(running.standin.calls_to("views.open")) == 2


# --- Resolve -------------------------------------------------------------------------------------------------------

def test_resolve_needs_a_reply_keeps_it_and_shows_it_on_the_card(running: BotHarness) -> None:
    report(running, COMPLAINT)
    running.click(Action.FEEDBACK_RESOLVE, "1", user="U_OWNER")
    view = _opened(running)
    [reply_block] = [b for b in view["blocks"] if b.get("block_id") == Field.FEEDBACK_REPLY]
    assert "Reply" in reply_block["label"]["text"] and reply_block.get("optional") is not True

    for blank in ("", "   \n "):
        refused = response_json(running.submit(View.FEEDBACK_RESOLVE, _reply(blank),
                                               private_metadata=view["private_metadata"]))
        assert refused == {"response_action": "errors",
                           "errors": {Field.FEEDBACK_REPLY: "Write the reply that resolves this complaint."}}
    too_long = response_json(running.submit(View.FEEDBACK_RESOLVE, _reply("x" * 3001), private_metadata=_metadata()))
    assert Field.FEEDBACK_REPLY in too_long["errors"]
    assert items(running)[0].status == "open"

    running.clock.set(running.clock.now() + timedelta(hours=3))
    answer = "Fixed the coupon rules; refunded the difference to the three buyers."
    assert running.submit(View.FEEDBACK_RESOLVE, _reply(answer), private_metadata=view["private_metadata"]).text == ""
    [item] = items(running)
    assert (item.status, item.reply, item.resolved_by, item.escalate_at) == ("resolved", answer, "U_OWNER", None)
    update = card_updates(running)[-1]
    shown = json.dumps(update["blocks"])
    assert "refunded the difference" in shown and "Resolved after 3 h" in shown and "<@U_OWNER>" in shown
    assert actions_of(update["blocks"]) == []
    [told] = dms(running, "U_REP")[-1:]
    assert "resolved complaint #1" in told["text"] and "refunded the difference" in told["text"]

    again = response_json(running.submit(View.FEEDBACK_RESOLVE, _reply("Once more"), private_metadata=_metadata()))
    assert again["errors"][Field.FEEDBACK_REPLY] == "Complaint #1 is resolved already."
    assert items(running)[0].reply == answer


def test_a_stale_or_tampered_modal_is_refused_on_its_field(running: BotHarness) -> None:
    report(running, COMPLAINT)
    for metadata in ("", "{}", '{"item_id": "1"}', _metadata(99)):
        refused = response_json(running.submit(View.FEEDBACK_RESOLVE, _reply("Done"), private_metadata=metadata))
        assert refused["response_action"] == "errors" and Field.FEEDBACK_REPLY in refused["errors"]
    assert items(running)[0].status == "open"


# --- `/campaign feedback` ------------------------------------------------------------------------------------------

def test_campaign_feedback_lists_the_open_ones_with_age_assignee_and_buttons(running: BotHarness) -> None:
    report(running, COMPLAINT)
    report(running, "Live stream froze twice", user="U_TOM", source="Douyin")
    report(running, "Parcel arrived crushed", day=date(2026, 5, 4))
    running.submit(View.FEEDBACK_ASSIGN, _assignee("U_HELPER"), private_metadata=_metadata(1))
    running.submit(View.FEEDBACK_RESOLVE, _reply("Sent a new one"), private_metadata=_metadata(3))
    running.clock.set(running.clock.now() + timedelta(hours=5))

    listed = response_json(running.command("feedback"))
    shown = json.dumps(listed["blocks"], ensure_ascii=False)
    assert "Open complaints — Spring Sale" in shown and "(2)" in shown
    assert "Coupons don't stack" in shown and "Live stream froze twice" in shown and "crushed" not in shown
    assert "open for 5 h" in shown and "<@U_HELPER>" in shown and "Not assigned" in shown
    assert actions_of(listed["blocks"]) == [Action.FEEDBACK_ASSIGN, Action.FEEDBACK_RESOLVE] * 2
    values = [e["value"] for b in listed["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert values == ["1", "1", "2", "2"]  # the oldest first

    for alias in ("反馈", "反饋", "回饋", "投诉", "客訴"):
        assert response_json(running.command(alias))["blocks"] == listed["blocks"]
    elsewhere = response_json(running.command("feedback Spring Sale", channel="C_ELSEWHERE"))
    assert elsewhere["blocks"] == listed["blocks"]
    assert "/campaign feedback" in running.command("help").text


def test_campaign_feedback_says_when_nothing_is_open(running: BotHarness) -> None:
    listed = response_json(running.command("feedback"))
    assert listed["blocks"][0]["text"]["text"] == "No open complaints on *Spring Sale*."
    assert actions_of(listed["blocks"]) == []


# --- the response time, in the Reminders modal --------------------------------------------------------------------

def _settings(bot: BotHarness) -> ReminderSettings:
    with bot.session() as session:
        campaign = session.get_one(Campaign, 1)
        return ReminderSettings.load(campaign.reminder_settings)


def test_the_response_time_is_set_in_the_reminders_modal(running: BotHarness) -> None:
    view = complaints.open_settings(running)
    [block] = [b for b in view["blocks"] if b.get("block_id") == Field.COMPLAINT_HOURS]
    assert block["label"]["text"] == "Complaint response time (hours)"
    assert block["element"]["initial_value"] == "24"
    assert complaints.submit_settings(running, view, complaint_hours="48") == {}
    assert _settings(running).complaint_response_hours == 48
    assert complaints.open_settings(running)["blocks"][[b.get("block_id") for b in view["blocks"]].index(
        Field.COMPLAINT_HOURS)]["element"]["initial_value"] == "48"


@pytest.mark.parametrize("typed", ["0", "-3", "abc", "1.5", "721"])
def test_a_response_time_that_is_not_a_whole_number_of_hours_is_refused_on_its_field(running: BotHarness,
                                                                                     typed: str) -> None:
    view = complaints.open_settings(running)
    answer = complaints.submit_settings(running, view, complaint_hours=typed)
    assert answer["response_action"] == "errors"
    assert answer["errors"] == {Field.COMPLAINT_HOURS: "Write a whole number from 1 to 720."}
    assert _settings(running).complaint_response_hours == 24


def test_the_assignee_reads_the_dm_in_their_own_language(running: BotHarness) -> None:
    running.standin.add_user("U_HELPER", tz="Asia/Taipei", locale="zh-TW")
    report(running, COMPLAINT)
    running.submit(View.FEEDBACK_ASSIGN, _assignee("U_HELPER"), private_metadata=_metadata())
    [dm] = dms(running, "U_HELPER")
    assert dm["text"].startswith("<@U_OWNER> 把 *Spring Sale* 的客訴 #1 指派給你")
    assert "解決" in json.dumps(dm["blocks"], ensure_ascii=False)
    assert "Complaint #1" in json.dumps(card_updates(running)[-1]["blocks"])  # the channel keeps its language


# --- the review ----------------------------------------------------------------------------------------------------

def test_the_review_shows_complaints_resolved_on_time_out_of_all(running: BotHarness) -> None:
    report(running, "Parcel arrived crushed", day=date(2026, 5, 4))
    report(running, "Live stream froze", user="U_TOM", source="Douyin", day=date(2026, 5, 4))
    report(running, COMPLAINT)
    report(running, "Wrong size sent", user="U_TOM", source="Douyin")
    start = running.clock.now()
    for item_id, hours in ((1, 2), (2, 23), (3, 30)):  # the third answered 6 h past its 24 h
        running.clock.set(start + timedelta(hours=hours))
        running.submit(View.FEEDBACK_RESOLVE, _reply("Answered"), private_metadata=_metadata(item_id))
    running.standin.reset_calls()
    running.command("summary")
    posted = [post for post in running.standin.calls_to("chat.postMessage") if post.get("blocks")]
    [section] = [block for post in posted for block in post["blocks"] if block.get("block_id") == "review-complaints"]
    assert section["text"]["text"] == ("*Complaints*\nComplaints resolved on time: 2 of 4\n"
                                       "Still open: 1 (1 past their response time)")
