"""An incident keeps the emergency plan it was opened under: editing the campaign's plan while its ladder runs
changes neither when the next rung comes nor who it pages (Grafana OnCall snapshots escalation chains the same
way). An incident reported after the edit follows the new plan."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from storage.models import Campaign, Incident
from tests.support import payloads
from tests.support.scenario_clock import Scenario, at

METADATA = ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()
# The equipment targets as the edited plan has them: an hour to acknowledge instead of 5 minutes.
SLOW_EQUIPMENT = {"equipment": {"acknowledge_minutes": 60, "resolve_minutes": 240, "escalate_minutes": 60}}


@pytest.fixture
def running(scenario: Scenario) -> Scenario:
    """Spring Sale with U_BOSS as sponsor; an equipment incident reported by U_REPORTER on 05-06 at 14:00; then,
    at 14:02, the plan edited: U_NEW is the sponsor and equipment problems get an hour to acknowledge."""
    bot = scenario.bot
    scenario.tick("05-06 13:59")
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(sponsor="U_BOSS"), private_metadata=METADATA).text == ""
    bot.clock.set(at("05-06 14:00"))
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REPORTER",
                      private_metadata=METADATA).text == ""
    bot.clock.set(at("05-06 14:02"))
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(sponsor="U_NEW"), private_metadata=METADATA).text == ""
    with bot.session() as session:
        campaign = session.scalars(select(Campaign)).one()
        plan = json.loads(campaign.emergency_plan or "{}")
        assert plan["sponsor"] == "U_NEW"
        campaign.emergency_plan = json.dumps({**plan, "targets": SLOW_EQUIPMENT})
    bot.standin.reset_calls()
    return scenario


def _paged(scenario: Scenario) -> list[str]:
    """Who got a page by DM, in order."""
    return [post["channel"] for post in scenario.bot.standin.calls_to("chat.postMessage")
            if post["channel"] != payloads.CHANNEL]


def test_a_running_ladder_follows_the_plan_it_was_opened_under(running: Scenario) -> None:
    running.tick("05-06 14:05")  # the old 5-minute target, not the new hour
    assert _paged(running) == ["U_OWNER"]
    running.tick("05-06 14:10")  # one old interval later: the old sponsor, with the severity raised
    assert _paged(running) == ["U_OWNER", "U_BOSS"]
    running.tick("05-06 14:15")
    assert _paged(running) == ["U_OWNER", "U_BOSS", "U_BOSS", "U_OWNER"]  # the last reminder, then silence
    running.tick("05-06 16:00")
    assert _paged(running) == ["U_OWNER", "U_BOSS", "U_BOSS", "U_OWNER"]
    with running.bot.session() as session:
        incident = session.scalars(select(Incident)).one()
        assert json.loads(incident.emergency_plan)["sponsor"] == "U_BOSS"


def test_the_old_sponsor_may_still_handle_it_and_the_card_shows_the_old_targets(running: Scenario) -> None:
    running.tick("05-06 14:10")  # paged to U_BOSS
    running.bot.standin.reset_calls()
    running.bot.clock.set(at("05-06 14:11"))
    running.bot.click("incident_resolve", "1", user="U_BOSS")
    assert running.bot.standin.calls_to("chat.postEphemeral") == []  # not refused
    [update] = running.bot.standin.calls_to("chat.update")
    assert "Acknowledge within 5 min" in json.dumps(update["blocks"])
    with running.bot.session() as session:
        assert session.scalars(select(Incident)).one().resolved_by == "U_BOSS"


def test_an_incident_reported_after_the_edit_follows_the_new_plan(running: Scenario) -> None:
    bot = running.bot
    bot.clock.set(at("05-06 14:03"))
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(description="Second screen down"),
                      user="U_REPORTER", private_metadata=METADATA).text == ""
    bot.standin.reset_calls()
    for when in ("05-06 14:05", "05-06 14:10", "05-06 14:15"):  # the first incident's ladder, to its end
        running.tick(when)
    assert _paged(running) == ["U_OWNER", "U_BOSS", "U_BOSS", "U_OWNER"]
    bot.standin.reset_calls()
    running.tick("05-06 15:02")  # the second waits for its hour
    assert _paged(running) == []
    running.tick("05-06 15:03")
    assert _paged(running) == ["U_OWNER"]
    running.tick("05-06 16:03")  # an hour later: the new sponsor
    assert _paged(running) == ["U_OWNER", "U_NEW"]
