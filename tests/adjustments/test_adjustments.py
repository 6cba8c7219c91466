"""Cause & adjustment (原因与调整) end to end through signed requests: the button on every incident card, its modal,
saving it (a note in the card's thread, the owner's task and DM, extra budget moved from the contingency and
said in the history), refusals on the field with nothing saved, and Resolve of a pace incident asking for the
cause first.

The campaign runs May 2026 (Asia/Shanghai) with exposure 3.1M and clicks 310k (10,000 clicks a day on pace), budget
¥200,000 with a ¥20,000 reserve; WeChat and Douyin report; clicks run at 40% of pace, so the 21:00 check of May 2
opens the traffic incident #1 (the bot's), responder: the owner."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select

from bot.adjustments.blocks import AdjustmentMetadata
from bot.adjustments.rules import AdjustField
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, View
from storage.models import AuditEntry, BudgetPlanLine, IncidentAdjustment, OutboxMessage, Task
from storage.repositories import delivery as outbox_repository
from tests.support import payloads
from tests.support.adjustments import (
    SHANGHAI,
    at,
    card_ts,
    one_incident,
    open_modal,
    pace_incident,
    submit,
    tick,
    values,
)
from tests.support.harness import BotHarness, response_json


@pytest.fixture
def behind(bot: BotHarness) -> BotHarness:
    return pace_incident(bot)


def labels(view: dict[str, Any]) -> dict[str, str]:
    return {block["block_id"]: block["label"]["text"] for block in view["blocks"] if block["type"] == "input"}


def saved_nothing(bot: BotHarness) -> None:
    with bot.session() as session:
        assert session.scalars(select(IncidentAdjustment)).all() == []
        assert session.scalars(select(Task)).all() == []
        assert session.scalars(select(BudgetPlanLine)).all() == []
        assert session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "adjustment_dm")).all() == []


def channel_posts(bot: BotHarness) -> list[dict[str, Any]]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]


# --- the button and the modal --------------------------------------------------------------------------------------

def test_the_pace_incidents_card_has_the_button(behind: BotHarness) -> None:
    with behind.session() as session:
        card = outbox_repository.by_key(session=session, key="incident:1:card")
        assert card is not None and card.blocks
        actions = [e["action_id"] for b in json.loads(card.blocks) if b["type"] == "actions" for e in b["elements"]]
    assert Action.INCIDENT_ADJUST in actions and "Cause & adjustment" in card.blocks


def test_the_modal_has_the_contract_labels_prefilled_from_the_incident(behind: BotHarness) -> None:
    view = open_modal(behind)
    assert view["callback_id"] == View.INCIDENT_ADJUSTMENT and view["title"]["text"] == "Cause & adjustment"
    shown = labels(view)
    for block, label in ((AdjustField.CAUSE, "Cause"), (AdjustField.HAPPENED, "What happened"),
                         (AdjustField.ADJUSTMENT, "Adjustment"), (AdjustField.OWNER, "Owner"),
                         (AdjustField.DUE, "Due"), (AdjustField.EXTRA, "Extra budget"),
                         (AdjustField.LINE, "Budget line")):
        assert label in shown[block]
    blocks = {block.get("block_id"): block for block in view["blocks"]}
    causes = [option["value"] for option in blocks[AdjustField.CAUSE]["element"]["options"]]
    assert causes == ["traffic", "creative", "channel", "pricing", "stock", "technical", "external", "other"]
    assert blocks[AdjustField.OWNER]["element"]["initial_user"] == "U_OWNER"  # the incident's responder
    subjects = blocks[AdjustField.SUBJECTS]["element"]
    assert [o["value"] for o in subjects["initial_options"]] == ["clicks"]  # what the pace check named
    assert {o["value"] for o in subjects["options"]} == {"exposure", "clicks", "exposure:WeChat", "exposure:Douyin",
                                                         "clicks:WeChat", "clicks:Douyin"}
    assert blocks[AdjustField.DUE]["element"]["initial_date"] == "2026-05-03"
    assert "¥20,000 left" in blocks[AdjustField.EXTRA]["hint"]["text"]
    lines = [o["value"] for o in blocks[AdjustField.LINE]["element"]["options"]]
    assert lines == ["materials", "channel", "staff", "venue"]


def test_the_modal_speaks_chinese_to_a_chinese_reader(behind: BotHarness) -> None:
    behind.command("language zh-Hans")
    view = open_modal(behind)
    assert view["title"]["text"] == "原因与调整"
    shown = labels(view)
    assert (shown[AdjustField.CAUSE], shown[AdjustField.ADJUSTMENT], shown[AdjustField.EXTRA]) == (
        "原因", "调整措施", "追加预算")


def test_someone_who_may_not_handle_the_incident_gets_no_modal(behind: BotHarness) -> None:
    behind.standin.reset_calls()
    behind.click(Action.INCIDENT_ADJUST, "1", user="U_STRANGER", message_ts=card_ts(behind))
    assert behind.standin.calls_to("views.open") == []
    [told] = behind.standin.calls_to("chat.postEphemeral")
    assert told["user"] == "U_STRANGER"


def test_a_submission_from_another_workspace_changes_nothing(behind: BotHarness) -> None:
    metadata = AdjustmentMetadata(incident_id=1).dump()
    response = behind.post(payloads.view_submission(View.INCIDENT_ADJUSTMENT, values(), user="U_OWNER",
                                                    team="T_OTHER", private_metadata=metadata))
    assert response_json(response)["response_action"] == "errors"
    saved_nothing(behind)


def test_a_tampered_form_is_refused(behind: BotHarness) -> None:
    answer = response_json(behind.submit(View.INCIDENT_ADJUSTMENT, values(), private_metadata='{"incident_id":"1"}'))
    assert answer["response_action"] == "errors" and AdjustField.ADJUSTMENT in answer["errors"]
    saved_nothing(behind)


# --- saving ------------------------------------------------------------------------------------------------------

def test_saving_posts_in_the_thread_and_gives_the_owner_a_task_and_a_dm(behind: BotHarness) -> None:
    view = open_modal(behind)
    behind.standin.reset_calls()
    assert submit(behind, view, values()).text == ""
    [note] = channel_posts(behind)
    assert note["thread_ts"] == card_ts(behind)
    assert note["text"].startswith("🛠️ <@U_OWNER> recorded the cause of incident #1: Channel. Adjustment by <@U_TECH>, "
                                   "due May 6, 2026.")
    assert "Douyin ads paused" in note["text"] and "New copy and a Douyin boost" in note["text"]
    assert "About: Clicks" in note["text"]
    [dm] = [post for post in behind.standin.calls_to("chat.postMessage") if post["channel"] == "U_TECH"]
    assert dm["text"].startswith("🛠️ <@U_OWNER> gave you an adjustment for incident #1 (cause: Channel), due May 6")
    assert "on your task list" in json.dumps(dm["blocks"])
    with behind.session() as session:
        [task] = session.scalars(select(Task)).all()
        [adjustment] = session.scalars(select(IncidentAdjustment)).all()
        assert task.owner_id == "U_TECH" and task.status == "open" and task.campaign_id == 1
        assert task.title == "Adjustment for incident #1: New copy and a Douyin boost"
        assert task.due_at == datetime(2026, 5, 6, 23, 59, 59, tzinfo=SHANGHAI)
        assert task.next_reminder_at is not None  # the task reminders will remind U_TECH
        assert (adjustment.cause, adjustment.owner_id, adjustment.due_on, adjustment.task_id) == (
            "channel", "U_TECH", date(2026, 5, 6), task.id)
        assert json.loads(adjustment.subjects) == [{"metric": "clicks", "source": None}]
        assert one_incident(behind).status == "open"  # recording a cause does not resolve
    # The morning the adjustment is due, the task reminder reaches its owner like any other task's.
    behind.standin.reset_calls()
    tick(behind, at(6, 9))
    reminders = [json.dumps(post, ensure_ascii=False) for post in behind.standin.calls_to("chat.postMessage")
                 if post["channel"] == "U_TECH"]
    assert reminders and all("Adjustment for incident #1: New copy and a Douyin boost" in text for text in reminders)


def test_a_double_submission_saves_once(behind: BotHarness) -> None:
    view = open_modal(behind)
    form = values()
    body = payloads.view_submission(View.INCIDENT_ADJUSTMENT, form, user="U_OWNER",
                                    private_metadata=view["private_metadata"], view_id="V_SAME")
    assert behind.post(body).text == "" and behind.post(body).text == ""
    with behind.session() as session:
        assert len(session.scalars(select(IncidentAdjustment)).all()) == 1
        assert len(session.scalars(select(Task)).all()) == 1


def test_extra_budget_moves_from_the_contingency_and_the_history_says_so(behind: BotHarness) -> None:
    view = open_modal(behind)
    behind.standin.reset_calls()
    assert submit(behind, view, values(extra="5,000", line="channel")).text == ""
    with behind.session() as session:
        lines = {row.line: row.planned for row in session.scalars(select(BudgetPlanLine))}
        [entry] = session.scalars(select(AuditEntry).where(AuditEntry.object_type == "budget")).all()
        [adjustment] = session.scalars(select(IncidentAdjustment)).all()
    assert lines == {"contingency": Decimal("15000.00"), "channel": Decimal("5000.00")}
    assert adjustment.extra_budget == Decimal("5000.00") and adjustment.budget_line == "channel"
    assert (entry.action, json.loads(entry.before or "{}"), json.loads(entry.after or "{}")) == (
        "moved", {"contingency": "20000", "channel": None}, {"contingency": "15000", "channel": "5000"})
    [note] = channel_posts(behind)
    assert "💰 ¥5,000 moved from the contingency to Channel promotion (渠道推广)." in note["text"]
    history = json.dumps(response_json(behind.command("history"))["blocks"], ensure_ascii=False)
    assert "moved extra budget out of the contingency for incident #1" in history
    assert "¥20,000 → ¥15,000" in history
    assert "recorded the cause and adjustment of incident #1" in history

    # The next one takes what is left, and the modal says how much that is.
    view = open_modal(behind)
    extra = next(b for b in view["blocks"] if b.get("block_id") == AdjustField.EXTRA)
    assert "¥15,000 left" in extra["hint"]["text"]
    assert submit(behind, view, values(extra="15000", line="materials")).text == ""
    with behind.session() as session:
        lines = {row.line: row.planned for row in session.scalars(select(BudgetPlanLine))}
    assert lines == {"contingency": Decimal("0.00"), "channel": Decimal("5000.00"), "materials": Decimal("15000.00")}


@pytest.mark.parametrize(("form", "field", "message"), [
    (values(extra="30,000", line="channel"), AdjustField.EXTRA, "The contingency has only ¥20,000 left."),
    (values(extra="0", line="channel"), AdjustField.EXTRA, "Extra budget must be more than 0."),
    (values(extra="-5", line="channel"), AdjustField.EXTRA, "Extra budget must be more than 0."),
    (values(extra="lots", line="channel"), AdjustField.EXTRA, "lots"),
    (values(extra="5,000", line=None), AdjustField.LINE, "Choose the budget line"),
    (values(cause=None), AdjustField.CAUSE, "Please choose the cause."),
    (values(happened="  "), AdjustField.HAPPENED, "Please fill this in."),
    (values(adjustment=""), AdjustField.ADJUSTMENT, "Please fill this in."),
    (values(owner=None), AdjustField.OWNER, "Please fill this in."),
    (values(due=date(2026, 5, 2)), AdjustField.DUE, "The due date has passed: choose today (May 3, 2026) or later."),
    (values(due=date(2026, 6, 2)), AdjustField.DUE, "Choose a day within the campaign, May 1, 2026 to May 31, 2026."),
    (values(subjects=()), AdjustField.SUBJECTS, "Choose the KPI (or source) this adjustment is about."),
    (values(subjects=("sales",)), AdjustField.SUBJECTS, "no longer a KPI or source"),
])
def test_refusals_are_answered_on_the_field_and_nothing_is_saved(behind: BotHarness, form: dict[str, Any],
                                                                field: str, message: str) -> None:
    view = open_modal(behind)
    behind.standin.reset_calls()
    answer = response_json(submit(behind, view, form))
    assert answer["response_action"] == "errors" and message in answer["errors"][field]
    saved_nothing(behind)
    assert channel_posts(behind) == [] and one_incident(behind).status == "open"


def test_only_the_owner_or_an_admin_moves_budget(behind: BotHarness) -> None:
    """U_TECH answers equipment problems: they may record the cause of one, but money is the owner's to move."""
    metadata = ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()
    assert behind.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders={"equipment": "U_TECH"}),
                         private_metadata=metadata).text == ""
    assert behind.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REP",
                         private_metadata=metadata).text == ""
    behind.standin.reset_calls()
    behind.click(Action.INCIDENT_ADJUST, "2", user="U_TECH", message_ts=card_ts(behind, 2))
    [opened] = behind.standin.calls_to("views.open")
    view = opened["view"] if isinstance(opened["view"], dict) else json.loads(opened["view"])
    assert [o["value"] for o in next(b for b in view["blocks"] if b.get("block_id") == AdjustField.SUBJECTS)[
        "element"].get("initial_options", [])] == []  # an equipment incident names no KPI
    answer = response_json(submit(behind, view, values(extra="1000", line="venue", subjects=()), user="U_TECH"))
    assert "Only the campaign owner (<@U_OWNER>) or an admin can move budget" in answer["errors"][AdjustField.EXTRA]
    saved_nothing(behind)
    assert submit(behind, view, values(subjects=()), user="U_TECH").text == ""  # without money it is theirs to record
    with behind.session() as session:
        [adjustment] = session.scalars(select(IncidentAdjustment)).all()
    assert adjustment.incident_id == 2 and adjustment.extra_budget is None


# --- Resolve asks for the cause of a pace incident ---------------------------------------------------------------

def test_resolving_a_pace_incident_without_a_cause_opens_the_form_and_saving_resolves(behind: BotHarness) -> None:
    view = open_modal(behind, action=Action.INCIDENT_RESOLVE)
    assert view["callback_id"] == View.INCIDENT_ADJUSTMENT and view["submit"]["text"] == "Save and resolve"
    assert "Record the cause first" in json.dumps(view["blocks"])
    assert one_incident(behind).status == "open"  # nothing resolved by the click itself
    behind.standin.reset_calls()
    assert submit(behind, view, values()).text == ""
    incident = one_incident(behind)
    assert incident.status == "resolved" and incident.resolved_by == "U_OWNER"
    notes = [post["text"] for post in channel_posts(behind) if post.get("thread_ts") == card_ts(behind)]
    assert any(text.startswith("🛠️") for text in notes) and any("resolved incident #1" in text for text in notes)
    [edit] = [call for call in behind.standin.calls_to("chat.update") if call["ts"] == card_ts(behind)]
    assert "incident_resolve" not in json.dumps(edit["blocks"])


def test_a_refused_form_from_resolve_leaves_the_incident_open(behind: BotHarness) -> None:
    view = open_modal(behind, action=Action.INCIDENT_RESOLVE)
    answer = response_json(submit(behind, view, values(cause=None)))
    assert answer["response_action"] == "errors"
    assert one_incident(behind).status == "open"
    saved_nothing(behind)


def test_with_a_cause_recorded_resolve_resolves_at_once(behind: BotHarness) -> None:
    view = open_modal(behind)
    assert submit(behind, view, values()).text == ""
    behind.standin.reset_calls()
    behind.click(Action.INCIDENT_RESOLVE, "1", user="U_OWNER", message_ts=card_ts(behind))
    assert behind.standin.calls_to("views.open") == []
    assert one_incident(behind).status == "resolved"


def test_other_incidents_resolve_as_before(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.clock.set(at(6, 14))
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(kind="traffic"), user="U_REP",
                      private_metadata=ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()).text == ""
    bot.standin.reset_calls()
    bot.click(Action.INCIDENT_RESOLVE, "1", user="U_OWNER")  # a traffic incident a person reported: no pace check
    assert bot.standin.calls_to("views.open") == []
    assert one_incident(bot).status == "resolved"
