"""Cards stay current and incidents keep to their thread: a pass that changes an open incident edits its
card in place, and every ladder step, acknowledgement and update is posted in the card's thread, not the channel."""

from __future__ import annotations

import json

import pytest

from bot.incidents.service import incidents as incident_service
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, View
from bot.plan.rules.emergency_plan import IncidentKind, Severity
from storage.repositories import delivery as outbox_repository
from tests.support import payloads
from tests.support.scenario_clock import Scenario, at
from tests.support.slack_standin import Scripted


@pytest.fixture
def reported(scenario: Scenario) -> Scenario:
    """An equipment incident reported by U_REPORTER on 05-06 at 14:00, U_TECH responding, U_BOSS sponsoring."""
    bot = scenario.bot
    scenario.tick("05-06 13:59")
    metadata = ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders={"equipment": "U_TECH"}, sponsor="U_BOSS"),
                      private_metadata=metadata).text == ""
    bot.clock.set(at("05-06 14:00"))
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REPORTER",
                      private_metadata=metadata).text == ""
    bot.standin.reset_calls()
    return scenario


def _card_ts(scenario: Scenario) -> str:
    with scenario.bot.session() as session:
        row = outbox_repository.by_key(session=session, key="incident:1:card")
        assert row is not None and row.message_ts
        return row.message_ts


def _channel_posts(scenario: Scenario) -> list[dict[str, object]]:
    return [post for post in scenario.bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]


def test_ladder_steps_go_in_the_cards_thread_and_edit_the_card(reported: Scenario) -> None:
    card = _card_ts(reported)
    reported.tick("05-06 14:05")
    [note] = _channel_posts(reported)
    assert note["thread_ts"] == card and "paging the campaign owner" in str(note["text"])
    assert [dm["channel"] for dm in reported.bot.standin.calls_to("chat.postMessage") if dm is not note] == ["U_OWNER"]
    [edit] = reported.bot.standin.calls_to("chat.update")
    assert (edit["channel"], edit["ts"]) == (payloads.CHANNEL, card)
    assert "owner paged" in json.dumps(edit["blocks"])

    reported.bot.standin.reset_calls()
    reported.tick("05-06 14:10")
    [note] = _channel_posts(reported)
    assert note["thread_ts"] == card
    [edit] = reported.bot.standin.calls_to("chat.update")
    assert edit["ts"] == card and "Moderate (中度)" in json.dumps(edit["blocks"], ensure_ascii=False)


def test_acknowledging_answers_in_the_thread(reported: Scenario) -> None:
    card = _card_ts(reported)
    reported.bot.clock.set(at("05-06 14:03"))
    reported.bot.click(Action.INCIDENT_ACKNOWLEDGE, "1", user="U_TECH", message_ts=card)
    [note] = _channel_posts(reported)
    assert note["thread_ts"] == card and str(note["text"]).startswith("✅ <@U_TECH> acknowledged incident #1")
    [edit] = reported.bot.standin.calls_to("chat.update")
    assert edit["ts"] == card and "incident_acknowledge" not in json.dumps(edit["blocks"])


def test_a_pass_that_updates_an_open_incident_edits_its_card_in_place(scenario: Scenario) -> None:
    bot = scenario.bot
    scenario.tick("05-06 08:59")

    def check(description: str, severity: Severity, when: str) -> None:
        with bot.session() as session:
            incident = incident_service.open_incident(
                session=session, campaign_id=1, kind=IncidentKind.TRAFFIC, severity=severity, description=description,
                reporter_id=incident_service.SCHEDULER_ACTOR, now=at(when), team_id=None,
                dedupe_key="traffic:2026-05-05",
            )
            incident_service.announce_incident(session=session, incident=incident, now=at(when))

    # The card is still waiting to be delivered when the next check updates the incident: it goes out as it is now.
    check("Participants 35% below plan", Severity.MINOR, "05-06 09:00")
    check("Participants 40% below plan", Severity.MINOR, "05-06 09:00")
    bot.standin.reset_calls()
    scenario.tick("05-06 09:00")
    [card] = [post for post in _channel_posts(scenario) if not post.get("thread_ts")]
    assert "40% below plan" in json.dumps(card["blocks"]) and "35%" not in json.dumps(card["blocks"])
    [first_update] = [post for post in _channel_posts(scenario) if post.get("thread_ts")]
    assert first_update["thread_ts"] == _card_ts(scenario)

    bot.standin.reset_calls()
    check("Participants 50% below plan", Severity.MODERATE, "05-06 10:00")
    scenario.tick("05-06 10:00")  # no one pressed a button: the pass's own change reaches the card
    [edit] = bot.standin.calls_to("chat.update")
    assert (edit["channel"], edit["ts"]) == (payloads.CHANNEL, _card_ts(scenario))
    shown = json.dumps(edit["blocks"], ensure_ascii=False)
    assert "50% below plan" in shown and "Moderate (中度)" in shown
    [note] = _channel_posts(scenario)
    assert note["thread_ts"] == _card_ts(scenario) and "updated" in str(note["text"])


def test_an_older_edit_still_waiting_is_dropped_for_the_newer_one(scenario: Scenario) -> None:
    bot = scenario.bot
    scenario.tick("05-06 08:59")
    with bot.session() as session:
        incident = incident_service.open_incident(
            session=session, campaign_id=1, kind=IncidentKind.TRAFFIC, severity=Severity.MINOR,
            description="first", reporter_id=incident_service.SCHEDULER_ACTOR, now=at("05-06 09:00"), team_id=None,
            dedupe_key="k")
        incident_service.announce_incident(session=session, incident=incident, now=at("05-06 09:00"))
    scenario.tick("05-06 09:00")
    bot.standin.reset_calls()
    for words in ("second", "third"):
        with bot.session() as session:
            incident_service.open_incident(
                session=session, campaign_id=1, kind=IncidentKind.TRAFFIC, severity=Severity.MINOR,
                description=words, reporter_id=incident_service.SCHEDULER_ACTOR, now=at("05-06 09:30"),
                team_id=None, dedupe_key="k")
    scenario.tick("05-06 09:30")
    [edit] = bot.standin.calls_to("chat.update")  # one edit, the newest: an old state never comes back
    assert "third" in json.dumps(edit["blocks"])


def _campaign_card_ts(scenario: Scenario) -> str:
    with scenario.bot.session() as session:
        row = outbox_repository.by_key(session=session, key=f"campaign:1:card:{payloads.CHANNEL}")
        assert row is not None and row.message_ts
        return row.message_ts


def _card_edits(scenario: Scenario) -> list[dict[str, object]]:
    ts = _campaign_card_ts(scenario)
    return [call for call in scenario.bot.standin.calls_to("chat.update")
            if (call["channel"], call["ts"]) == (payloads.CHANNEL, ts)]


def _fields(call: dict[str, object]) -> str:
    return json.dumps(call["blocks"], ensure_ascii=False)


def test_the_campaign_card_follows_the_campaigns_status(scenario: Scenario) -> None:
    scenario.tick("04-30 23:59")
    assert _card_edits(scenario) == []
    scenario.tick("05-01 00:00")  # the pass starts the campaign: the card says Running, nobody pressed anything
    [edit] = _card_edits(scenario)
    assert "*Status*\\nRunning" in _fields(edit)
    scenario.bot.standin.reset_calls()
    scenario.tick("06-01 00:00")
    assert scenario.campaign().status == "evaluating"
    [edit] = _card_edits(scenario)
    assert "*Status*\\nEvaluating" in _fields(edit)


def test_a_milestone_leaves_the_card_the_morning_after_its_day(scenario: Scenario) -> None:
    scenario.tick("05-15 09:00")  # its day: still on the card
    assert all("上线日" in _fields(edit) for edit in _card_edits(scenario))
    scenario.bot.standin.reset_calls()
    scenario.tick("05-16 00:00")
    [edit] = _card_edits(scenario)
    assert "上线日" not in _fields(edit)
    scenario.bot.standin.reset_calls()
    scenario.tick("05-17 00:00")
    assert _card_edits(scenario) == []  # said once


def test_after_close_the_card_offers_no_edit_and_no_new_milestone(scenario: Scenario) -> None:
    bot = scenario.bot
    scenario.tick("05-01 00:00")
    scenario.tick("06-01 10:00")  # ended, the review posted
    bot.standin.reset_calls()
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_OWNER")
    assert scenario.campaign().status == "closed"
    edit = _card_edits(scenario)[-1]
    actions = [element["action_id"] for block in edit["blocks"] for element in  # type: ignore[attr-defined]
               block.get("elements", []) + ([block["accessory"]] if "accessory" in block else [])
               if "action_id" in element]
    assert "*Status*\\nClosed" in _fields(edit)
    assert Action.EDIT_CAMPAIGN not in actions and Action.ADD_MILESTONE not in actions


def test_a_closed_campaigns_channel_still_implies_it_for_reading(scenario: Scenario) -> None:
    bot = scenario.bot
    scenario.tick("05-01 00:00")
    scenario.tick("06-01 10:00")
    bot.click(Action.CLOSE_CAMPAIGN, "1", user="U_OWNER")
    assert scenario.campaign().status == "closed"
    status = bot.command("status")  # in the channel, no name: the campaign that lived here
    assert status.status_code == 200 and "Spring Sale" in status.text and "Closed" in status.text
    # The 10:00 pass posted the review a moment ago: the campaign is found, and the answer links to that post.
    assert "review of *Spring Sale* was posted" in bot.command("summary").text
    assert "Spring Sale" in bot.command("history").text
    assert "Spring Sale" in bot.command("export").text


def test_a_severe_incident_past_its_ladder_keeps_reminding_its_owner_until_resolved(scenario: Scenario) -> None:
    bot = scenario.bot
    scenario.tick("05-06 13:59")
    metadata = ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders={"equipment": "U_TECH"}, sponsor="U_BOSS"),
                      private_metadata=metadata).text == ""
    bot.clock.set(at("05-06 14:00"))
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(severity="severe"), user="U_REPORTER",
                      private_metadata=metadata).text == ""
    for when in ("05-06 14:05", "05-06 14:10", "05-06 14:15"):  # owner, sponsor, last page
        scenario.tick(when)
    bot.standin.reset_calls()
    assert scenario.tick("05-06 15:14").sent == 0  # not a page a minute
    scenario.tick("05-06 15:15")
    [reminder] = scenario.dms("U_OWNER")
    assert "Severe incident #1 in *Spring Sale*" in reminder and "still not resolved 1 hr 15 min" in reminder
    assert "every 1 hr until then" in reminder
    [note] = _channel_posts(scenario)
    assert note["thread_ts"] == _card_ts(scenario)
    scenario.tick("05-06 16:15")
    assert len(scenario.dms("U_OWNER")) == 2
    bot.clock.set(at("05-06 16:30"))
    bot.click(Action.INCIDENT_RESOLVE, "1", user="U_OWNER")
    bot.standin.reset_calls()
    for when in ("05-06 17:15", "05-06 18:15", "05-07 09:00"):
        scenario.tick(when)
    assert scenario.dms("U_OWNER") == []


def test_the_last_page_that_says_escalate_it_by_hand_carries_escalate(reported: Scenario) -> None:
    for when in ("05-06 14:05", "05-06 14:10"):
        reported.tick(when)
    reported.bot.standin.reset_calls()
    reported.tick("05-06 14:15")
    pages = [post for post in reported.bot.standin.calls_to("chat.postMessage") if post["channel"] in ("U_BOSS",
                                                                                                       "U_OWNER")]
    assert len(pages) == 2
    for page in pages:
        assert "escalate it by hand" in str(page["text"])
        buttons = [e["action_id"] for b in page["blocks"] if b["type"] == "actions" for e in b["elements"]]
        assert Action.INCIDENT_ESCALATE in buttons
    # And pressing it does what it says: the top is paged again, in the card's thread.
    reported.bot.standin.reset_calls()
    reported.bot.clock.set(at("05-06 14:20"))
    reported.bot.click(Action.INCIDENT_ESCALATE, "1", user="U_BOSS", channel="D_BOSS", message_ts="9.9")
    assert len(reported.dms("U_BOSS")) == 1 and len(reported.dms("U_OWNER")) == 1
    [note] = _channel_posts(reported)
    assert note["thread_ts"] == _card_ts(reported) and "paged again" in str(note["text"])


def test_a_thread_reply_written_before_its_card_is_in_slack_waits_for_it(scenario: Scenario) -> None:
    bot = scenario.bot
    scenario.tick("05-06 13:59")
    metadata = ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()
    bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders={"equipment": "U_TECH"}, sponsor="U_BOSS"),
               private_metadata=metadata)
    failing = Scripted(status=500, body={"ok": False, "error": "internal_error"})
    bot.standin.script("chat.postMessage", *[failing] * 8)  # the card and the first DM, with the client's retries
    bot.clock.set(at("05-06 14:00"))
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REPORTER",
                      private_metadata=metadata).text == ""
    bot.standin.reset_calls()
    bot.clock.set(at("05-06 14:00"))
    bot.click(Action.INCIDENT_ACKNOWLEDGE, "1", user="U_TECH")  # the card is not in Slack yet
    assert _channel_posts(scenario) == []  # the note waits for its card rather than land in the channel
    with bot.session() as session:
        card_row = outbox_repository.by_key(session=session, key="incident:1:card")
        note_row = outbox_repository.by_key(session=session, key="incident:1:acknowledged:note")
        assert card_row is not None and card_row.status == "pending" and card_row.message_ts is None
        assert note_row is not None and note_row.status == "pending" and note_row.next_attempt_at > at("05-06 14:00")
    scenario.tick("05-06 14:02")
    card, note = _channel_posts(scenario)
    assert not card.get("thread_ts") and "Acknowledged" in json.dumps(card["blocks"])  # sent as it is now
    assert note["thread_ts"] == _card_ts(scenario) and str(note["text"]).startswith("✅ <@U_TECH> acknowledged")
    assert bot.standin.calls_to("chat.update") == []  # nothing to edit: the card went out current
