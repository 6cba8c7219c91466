"""F3 / F8 / F12: tampered ids, impossible dates and malformed signed bodies get a 4xx or a field error, never a
500, and change nothing."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from storage.models import Campaign, Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json

HUGE = 10**30


def _count(bot: BotHarness, model: type) -> int:
    with bot.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


@pytest.mark.parametrize("metadata", [
    json.dumps({"campaign_id": HUGE}), json.dumps({"campaign_id": -1}), json.dumps({"campaign_id": "1e400"}),
])
def test_huge_id_in_private_metadata_is_a_field_error(bot: BotHarness, metadata: str) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    response = bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(name="Renamed"), private_metadata=metadata)
    assert response.status_code == 200
    answer = response_json(response)
    assert answer["response_action"] == "errors" and Field.NAME in answer["errors"]
    with bot.session() as session:
        assert session.scalars(select(Campaign.name)).one() == "Spring Sale"


@pytest.mark.parametrize("callback, values, field", [
    (View.REPORT_INCIDENT, payloads.incident_values(), Field.INCIDENT_DESCRIPTION),
    (View.NEW_MILESTONE, {}, Field.MILESTONE_NAME),
    (View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_REP"]), Field.REPORTERS),
    (View.REMINDER_SETTINGS, {}, Field.REMINDER_HOUR),
    (View.EMERGENCY_PLAN, payloads.plan_values(), Field.PLAN_SPONSOR),
    (View.DAILY_REPORT, payloads.report_values(), Field.REPORT_DAY),
    (View.IMPORT_PREVIEW, payloads.preview_values(), None),
])
def test_huge_ids_in_every_modal_are_answered_not_crashed(bot: BotHarness, callback: str, values: dict,
                                                         field: str | None) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    metadata = json.dumps({"campaign_id": HUGE, "import_id": HUGE})
    response = bot.submit(callback, values, private_metadata=metadata)
    assert response.status_code == 200
    answer = response_json(response)
    if field is None:
        assert answer["response_action"] == "update"  # the preview says the import is gone
    else:
        assert answer["response_action"] == "errors" and field in answer["errors"]


def test_huge_task_id_in_blocked_reason_metadata(bot: BotHarness) -> None:
    values = {Field.REASON: {"value": {"type": "plain_text_input", "value": "waiting"}}}
    response = bot.submit(View.TASK_BLOCKED_REASON, values, private_metadata=json.dumps({"task_id": HUGE}))
    assert response.status_code == 200
    assert Field.REASON in response_json(response)["errors"]
    assert _count(bot, Task) == 0


@pytest.mark.parametrize("value", ["not json", json.dumps({"file": "F1", "campaign": HUGE}), json.dumps([1])])
def test_tampered_import_offer_button_says_gone(bot: BotHarness, value: str) -> None:
    response = bot.click(Action.IMPORT_SHARED_FILE, value)
    assert response.status_code == 200
    [note] = bot.standin.calls_to("chat.postEphemeral")
    assert "went wrong" not in note["text"]


@pytest.mark.parametrize("bad", ["2026-02-30", "99999-01-01", "yesterday", "2026-13-01"])
def test_impossible_dates_are_field_errors(bot: BotHarness, bad: str) -> None:
    values = payloads.campaign_values()
    values[Field.START]["value"]["selected_date"] = bad
    response = bot.submit(View.NEW_CAMPAIGN, values)
    assert response.status_code == 200
    answer = response_json(response)
    assert answer["response_action"] == "errors" and Field.START in answer["errors"]
    assert _count(bot, Campaign) == 0


def test_impossible_report_date_is_a_field_error(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    values = payloads.report_values()
    values[Field.REPORT_DAY]["value"]["selected_date"] = "2026-02-30"
    response = bot.submit(View.DAILY_REPORT, values, private_metadata=ModalMetadata(campaign_id=1).dump())
    assert Field.REPORT_DAY in response_json(response)["errors"]


@pytest.mark.parametrize("body", [
    urlencode({"payload": "{not json"}),
    urlencode({"payload": json.dumps([1, 2])}),
    urlencode({"payload": json.dumps({"type": "view_submission"})}),
    urlencode({"payload": json.dumps({"type": "block_actions", "user": {"id": "U1"}})}),
    urlencode({"payload": json.dumps({"type": "block_actions", "user": {"id": "U1"}, "actions": "x"})}),
    urlencode({"payload": json.dumps({"type": "view_submission", "user": {"id": "U1"}, "view": []})}),
    urlencode({"command": "/campaign", "text": "list"}),
])
def test_malformed_signed_form_bodies_are_400(bot: BotHarness, body: str) -> None:
    response = bot.post(body)
    assert response.status_code == 400
    assert bot.standin.methods() == []


@pytest.mark.parametrize("body", ["{bad", "[]", json.dumps({"type": "event_callback", "event": "x"})])
def test_malformed_signed_json_bodies_are_400(bot: BotHarness, body: str) -> None:
    assert bot.post(body, payloads.json_headers(body)).status_code == 400


@pytest.mark.parametrize("timestamp", ["abc", "", "1e9", "-5", "99999999999999999999999"])
def test_bad_timestamp_header_is_400_or_401(bot: BotHarness, timestamp: str) -> None:
    body = payloads.slash_command("list", user="U_OWNER")
    headers = {**payloads.signed_headers(body), "X-Slack-Request-Timestamp": timestamp}
    assert bot.post(body, headers).status_code in (400, 401)
    assert bot.standin.methods() == []
