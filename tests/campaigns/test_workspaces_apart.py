"""F2: a workspace only ever reaches its own campaigns, tasks, incidents, reports and imports. An action from
another team.id on them answers as "gone" and changes nothing, even from that workspace's admin."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, View
from storage.models import Campaign, DailyReport, Incident, Milestone, TableImport, Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

OTHER = "T_OTHER"
INTRUDER = "U_INTRUDER"
TABLE = "任务\t负责人\t完成时间\n主视觉设计\t@Wang Fang\t5月10日\n"


@pytest.fixture
def home(bot: BotHarness) -> dict[str, Any]:
    """A T1 campaign with a task, an open incident and a pending import; an admin of another workspace."""
    new_campaign(bot)
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    bot.standin.add_user(INTRUDER, is_admin=True, team_id=OTHER)
    metadata = ModalMetadata(campaign_id=1).dump()
    first = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE), private_metadata=metadata))
    bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(), private_metadata=first["view"]["private_metadata"])
    second = payloads.table_values(text=TABLE + "物料\t@Wang Fang\t5/12\n")
    pending = response_json(bot.submit(View.IMPORT_TABLE, second, private_metadata=metadata))
    bot.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REPORTER", private_metadata=metadata)
    bot.standin.reset_calls()
    return {"metadata": metadata, "pending": pending["view"]["private_metadata"]}


def _state(bot: BotHarness) -> tuple[Any, ...]:
    with bot.session() as session:
        campaign = session.scalars(select(Campaign)).one()
        task = session.scalars(select(Task)).one()
        incident = session.scalars(select(Incident)).one()
        counts = tuple(session.scalar(select(func.count()).select_from(model)) or 0
                       for model in (Campaign, Task, Incident, DailyReport, Milestone))
        imports = tuple(session.scalars(select(TableImport.status).order_by(TableImport.id)))
        return (campaign.name, campaign.status, campaign.reminder_settings, campaign.emergency_plan, task.status,
                incident.status, counts, imports)


def _gone(bot: BotHarness) -> None:
    [note] = bot.standin.calls_to("chat.postEphemeral") or bot.standin.calls_to("chat.postMessage")
    assert "no longer" in note["text"] or "gone" in note["text"] or "isn't there" in note["text"], note["text"]


@pytest.mark.parametrize("action, value", [
    (Action.APPROVE_CAMPAIGN, "1"), (Action.EDIT_CAMPAIGN, "1"), (Action.OPEN_REMINDER_SETTINGS, "1"),
    (Action.OPEN_REPORTING_SETUP, "1"), (Action.OPEN_EMERGENCY_PLAN, "1"), (Action.ADD_MILESTONE, "1"),
    (Action.TASK_DONE, "1"), (Action.TASK_BLOCKED, "1"), (Action.INCIDENT_ACKNOWLEDGE, "1"),
    (Action.INCIDENT_RESOLVE, "1"), (Action.INCIDENT_ESCALATE, "1"), (Action.OPEN_REPORT, "1"),
    (Action.ADD_OWNERS_AS_REPORTERS, "1"), (Action.INCIDENT_ADJUST, "1"),
])
def test_clicks_from_another_team_answer_gone(bot: BotHarness, home: dict[str, Any], action: str,
                                              value: str) -> None:
    before = _state(bot)
    response = bot.post(payloads.block_action(action, value, user=INTRUDER, team=OTHER))
    assert response.status_code == 200
    assert _state(bot) == before
    assert bot.standin.calls_to("views.open") == []
    _gone(bot)


@pytest.mark.parametrize("callback, values, key", [
    (View.EDIT_CAMPAIGN, payloads.campaign_values(name="Hijacked"), "metadata"),
    (View.REMINDER_SETTINGS, {}, "metadata"),
    (View.EMERGENCY_PLAN, payloads.plan_values(responders={"equipment": INTRUDER}), "metadata"),
    (View.REPORTING_SETUP, payloads.reporting_values(reporters=[INTRUDER]), "metadata"),
    (View.DAILY_REPORT, payloads.report_values(exposure="5"), "metadata"),
    (View.REPORT_INCIDENT, payloads.incident_values(), "metadata"),
    (View.IMPORT_TABLE, payloads.table_values(text=TABLE), "metadata"),
    (View.IMPORT_PREVIEW, payloads.preview_values(), "pending"),
])
def test_submissions_from_another_team_change_nothing(bot: BotHarness, home: dict[str, Any], callback: str,
                                                      values: dict[str, Any], key: str) -> None:
    before = _state(bot)
    response = bot.post(payloads.view_submission(callback, values, user=INTRUDER, team=OTHER,
                                                 private_metadata=home[key]))
    assert response.status_code == 200
    answer = response_json(response)
    assert answer.get("response_action") in ("errors", "update")
    assert _state(bot) == before
    assert bot.standin.calls_to("chat.postMessage") == []


def test_blocked_reason_from_another_team_changes_nothing(bot: BotHarness, home: dict[str, Any]) -> None:
    before = _state(bot)
    values = {"reason": {"value": {"type": "plain_text_input", "value": "stop"}}}
    response = bot.post(payloads.view_submission(View.TASK_BLOCKED_REASON, values, user=INTRUDER, team=OTHER,
                                                 private_metadata='{"task_id":1}'))
    assert response_json(response)["response_action"] == "errors"
    assert _state(bot) == before


def test_a_task_list_click_never_shows_another_teams_tasks(bot: BotHarness, home: dict[str, Any]) -> None:
    blocks = [{"type": "section", "block_id": "task-1", "text": {"type": "mrkdwn", "text": "x"}}]
    bot.post(payloads.block_action(Action.TASK_DONE, "1", user=INTRUDER, team=OTHER, message_blocks=blocks))
    for update in bot.standin.calls_to("chat.update"):
        assert "主视觉设计" not in str(update)


def test_commands_from_another_team_do_not_find_the_campaign(bot: BotHarness, home: dict[str, Any]) -> None:
    for text in ("status #1", "report #1", "incident #1", "import #1", "export #1", "tasks all #1"):
        answer = bot.post(payloads.slash_command(text, user=INTRUDER, team=OTHER)).text
        assert "I can't find a live campaign" in answer and "Spring Sale" not in answer, text
    assert bot.standin.calls_to("views.open") == []
