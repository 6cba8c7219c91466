"""Clock-driven escalation: the owner paged at the target, the sponsor an interval later with the severity raised,
one last reminder and then silence; the ladder stopping on acknowledge, even for a step already decided."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.incidents import scheduled as escalations
from bot.incidents.service import incidents as incident_service
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, View
from bot.plan.rules.emergency_plan import IncidentKind, Severity
from storage.models import Incident, IncidentEvent
from storage.repositories import incidents as incident_repository
from tests.support import payloads
from tests.support.scenario_clock import Scenario, at

KIND = "Equipment / tech failure (设备故障)"
OWNER_PAGE = (f"📟 Incident #1 in *Spring Sale* ({KIND}, Minor (轻度)) is still not acknowledged 5 min after it was "
              "reported (target: 5 min). You're paged as the campaign's owner: acknowledge it, or find who can.")
OWNER_NOTE = (f"📟 Incident #1 ({KIND}) is still not acknowledged 5 min after it was reported (target: 5 min): "
              "paging the campaign owner <@U_OWNER>.")
SPONSOR_PAGE = (f"📟 Incident #1 in *Spring Sale* ({KIND}) is still not acknowledged 10 min after it was reported "
                "(target: 5 min). Severity raised from Minor (轻度) to *Moderate (中度)*. You're paged as the "
                "executive sponsor.")
SPONSOR_NOTE = (f"📟 Incident #1 ({KIND}) is still not acknowledged 10 min after it was reported (target: 5 min). "
                "Severity raised from Minor (轻度) to *Moderate (中度)*. Paging the executive sponsor <@U_BOSS>.")
LAST_PAGE = (f"⏰ Incident #1 in *Spring Sale* ({KIND}, Moderate (中度)) is still not acknowledged 15 min after it "
             "was reported (target: 5 min). This is the last automatic page: acknowledge or resolve it, or escalate "
             "it by hand.")
LAST_NOTE = (f"⏰ Incident #1 ({KIND}) is still not acknowledged 15 min after it was reported (target: 5 min). Last "
             "automatic page sent to <@U_BOSS>, <@U_OWNER>.")
REMINDER = (f"⏰ Incident #1 in *Spring Sale* ({KIND}, Minor (轻度)), which you acknowledged, is not resolved 30 min "
            "after it was reported; the target was 30 min. Press Resolve once it's handled.")


@pytest.fixture
def ladder(scenario: Scenario) -> Scenario:
    """Spring Sale with U_TECH answering equipment problems and U_BOSS as sponsor; an equipment incident reported
    by U_REPORTER on 05-06 at 14:00 (Shanghai)."""
    bot = scenario.bot
    scenario.tick("05-06 13:59")  # the campaign's own start and phase announcements, out of the way
    metadata = ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders={"equipment": "U_TECH"}, sponsor="U_BOSS"),
                      private_metadata=metadata).text == ""
    bot.clock.set(at("05-06 14:00"))
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REPORTER",
                      private_metadata=metadata).text == ""
    assert len(scenario.dms("U_TECH")) == 1  # told at once, within the submission
    bot.standin.reset_calls()
    return scenario


def _incident(scenario: Scenario) -> Incident:
    with scenario.bot.session() as session:
        return session.scalars(select(Incident)).one()


def _events(scenario: Scenario) -> list[tuple[str, str]]:
    with scenario.bot.session() as session:
        rows = session.scalars(select(IncidentEvent).order_by(IncidentEvent.id))
        return [(row.kind, row.at.astimezone(at("05-06 00:00").tzinfo).strftime("%H:%M")) for row in rows]


def _everything(scenario: Scenario) -> list[tuple[str, str]]:
    return [(post["channel"], post["text"]) for post in scenario.bot.standin.calls_to("chat.postMessage")]


def _click(scenario: Scenario, action: Action, user: str, when: str) -> None:
    scenario.bot.clock.set(at(when))
    scenario.bot.click(action, "1", user=user)


def test_unacknowledged_incident_climbs_the_ladder_once_per_rung_then_stops(ladder: Scenario) -> None:
    assert ladder.tick("05-06 14:04").sent == 0
    report = ladder.tick("05-06 14:05")
    assert report.counts["escalations"] == 2 and report.sent == 2
    assert _everything(ladder) == [("U_OWNER", OWNER_PAGE), (payloads.CHANNEL, OWNER_NOTE)]
    [page] = ladder.bot.standin.calls_to("chat.postMessage")[:1]
    buttons = [e["action_id"] for b in page["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert buttons == [Action.INCIDENT_ACKNOWLEDGE, Action.INCIDENT_RESOLVE, Action.INCIDENT_ESCALATE,
                       Action.INCIDENT_ADJUST]
    assert ladder.tick("05-06 14:05").sent == 0  # the same minute again: nothing more
    assert ladder.tick("05-06 14:09").sent == 0
    assert len(_everything(ladder)) == 2

    ladder.tick("05-06 14:10")
    assert _everything(ladder)[2:] == [("U_BOSS", SPONSOR_PAGE), (payloads.CHANNEL, SPONSOR_NOTE)]
    assert _incident(ladder).severity == "moderate"
    card = ladder.bot.standin.calls_to("chat.update")[-1]  # the channel card shows the new tier
    assert "Moderate (中度)" in json.dumps(card["blocks"], ensure_ascii=False)
    assert "executive sponsor paged" in json.dumps(card["blocks"])

    ladder.tick("05-06 14:15")
    # (the two DMs in either order: one waits its turn when its conversation was posted to a moment ago)
    assert sorted(_everything(ladder)[4:]) == sorted([("U_BOSS", LAST_PAGE), ("U_OWNER", LAST_PAGE),
                                                      (payloads.CHANNEL, LAST_NOTE)])
    assert _incident(ladder).next_step_at is None
    for when in ("05-06 14:20", "05-06 15:00", "05-07 14:00"):
        assert ladder.tick(when).sent == 0
    assert len(_everything(ladder)) == 7
    assert _events(ladder) == [
        ("opened", "14:00"), ("notified", "14:00"), ("owner_paged", "14:05"), ("severity_raised", "14:10"),
        ("sponsor_paged", "14:10"), ("last_reminder", "14:15"),
    ]


def test_acknowledging_stops_the_ladder(ladder: Scenario) -> None:
    _click(ladder, Action.INCIDENT_ACKNOWLEDGE, "U_TECH", "05-06 14:03")
    [note] = ladder.channel()
    assert note.startswith("✅ <@U_TECH> acknowledged incident #1")
    ladder.bot.standin.reset_calls()
    for when in ("05-06 14:05", "05-06 14:10", "05-06 14:15", "05-06 14:29"):
        assert ladder.tick(when).sent == 0
    assert _everything(ladder) == []

    # Acknowledged but not resolved by the resolution target: one reminder to whoever acknowledged.
    ladder.tick("05-06 14:30")
    assert _everything(ladder) == [("U_TECH", REMINDER)]
    for when in ("05-06 14:31", "05-06 15:30", "05-07 09:00"):
        assert ladder.tick(when).counts["escalations"] == 0  # (05-07 09:00 delivers last night's summary)
    assert _events(ladder) == [("opened", "14:00"), ("notified", "14:00"), ("acknowledged", "14:03"),
                               ("reminded", "14:30")]
    incident = _incident(ladder)
    assert incident_service.times_of(incident).to_acknowledge == timedelta(minutes=3)  # MTTA material


def test_resolving_ends_everything(ladder: Scenario) -> None:
    ladder.tick("05-06 14:05")  # the owner is paged
    _click(ladder, Action.INCIDENT_ACKNOWLEDGE, "U_OWNER", "05-06 14:07")
    _click(ladder, Action.INCIDENT_RESOLVE, "U_OWNER", "05-06 14:20")
    ladder.bot.standin.reset_calls()
    for when in ("05-06 14:30", "05-06 15:00", "05-07 14:00"):
        assert ladder.tick(when).sent == 0
    assert _everything(ladder) == []
    times = incident_service.times_of(_incident(ladder))
    assert (times.to_acknowledge, times.to_resolve) == (timedelta(minutes=7), timedelta(minutes=20))
    assert _events(ladder) == [("opened", "14:00"), ("notified", "14:00"), ("owner_paged", "14:05"),
                               ("acknowledged", "14:07"), ("resolved", "14:20")]


def test_a_step_decided_before_an_acknowledge_is_dropped(ladder: Scenario) -> None:
    bot = ladder.bot
    now = at("05-06 14:05")
    # A pass claims the due incident with its run id…
    with bot.session() as session:
        [(incident_id, stale_run)] = incident_repository.due_steps(session=session, now=now, limit=10)
    # …then the responder's Acknowledge commits before the pass gets to the step…
    _click(ladder, Action.INCIDENT_ACKNOWLEDGE, "U_TECH", "05-06 14:05")
    bot.standin.reset_calls()
    # …so the step the pass still holds is dropped: no page, no event, no outbox row.
    assert escalations.do_due_step(bot.services, incident_id, stale_run, now) == 0
    assert not any(":step:" in row.idempotency_key for row in ladder.outbox())
    assert ladder.tick("05-06 14:05").sent == 0
    assert _everything(ladder) == []
    assert [kind for kind, _at in _events(ladder)] == ["opened", "notified", "acknowledged"]


def test_the_current_run_does_its_step_exactly_once(ladder: Scenario) -> None:
    now = at("05-06 14:05")
    with ladder.bot.session() as session:
        [(incident_id, run)] = incident_repository.due_steps(session=session, now=now, limit=10)
    assert escalations.do_due_step(ladder.bot.services, incident_id, run, now) == 2
    # a second process with the same claim
    assert escalations.do_due_step(ladder.bot.services, incident_id, run, now) == 0
    assert ladder.tick("05-06 14:05").sent == 2
    assert _everything(ladder) == [("U_OWNER", OWNER_PAGE), (payloads.CHANNEL, OWNER_NOTE)]


def test_an_incident_opened_by_the_bot_goes_through_the_outbox(scenario: Scenario) -> None:
    """The plain function the daily reports will call from a scheduler pass (no Slack request around it)."""
    bot = scenario.bot
    scenario.tick("05-06 08:59")
    bot.standin.reset_calls()
    now = at("05-06 09:00")
    with bot.session() as session:
        incident = incident_service.open_incident(
            session=session, campaign_id=1, kind=IncidentKind.TRAFFIC, severity=Severity.MINOR,
            description="Participants 35% below plan", reporter_id=incident_service.SCHEDULER_ACTOR, now=now,
            team_id=None, dedupe_key="traffic:2026-05-05",
        )
        assert incident_service.announce_incident(session=session, incident=incident, now=now) == 2
    assert bot.standin.calls_to("chat.postMessage") == []  # nothing sent until the pass delivers
    scenario.tick("05-06 09:00")
    card = next(post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL)
    assert "Traffic or participation below plan (流量不及预期)" in json.dumps(card["blocks"], ensure_ascii=False)
    [dm] = scenario.dms("U_OWNER")
    assert "campaignbot (automatic check) reported incident #1" in dm and "within 4 hr" in dm

    # The same anomaly found again: the open incident is updated, not opened again.
    later = at("05-06 10:00")
    with bot.session() as session:
        again = incident_service.open_incident(
            session=session, campaign_id=1, kind=IncidentKind.TRAFFIC, severity=Severity.MODERATE,
            description="Participants 50% below plan", reporter_id=incident_service.SCHEDULER_ACTOR, now=later,
            team_id=None, dedupe_key="traffic:2026-05-05",
        )
        assert again.id == 1 and incident_service.announce_incident(session=session, incident=again, now=later) == 0
    stored = _incident(scenario)
    assert (stored.description, stored.severity) == ("Participants 50% below plan", "moderate")
    # The card posted by the pass can still be re-rendered by a click.
    bot.clock.set(at("05-06 10:05"))
    bot.click(Action.INCIDENT_ACKNOWLEDGE, "1", user="U_OWNER", channel="D_OWNER", message_ts="1.2")
    update = bot.standin.calls_to("chat.update")[0]
    assert update["channel"] == payloads.CHANNEL and "Participants 50% below plan" in json.dumps(update["blocks"])
    # Traffic behind plan is a deviation: it climbs no ladder (no page at 13:00, no reminder at 17:00).
    assert _incident(scenario).next_step_at is None


def test_a_closed_campaign_stops_its_ladder(ladder: Scenario) -> None:
    with ladder.bot.session() as session:
        campaign = ladder.campaign()
        campaign.status = "closed"
        session.merge(campaign)
    assert ladder.tick("05-06 14:05").sent == 0
    assert _incident(ladder).next_step_at is None
