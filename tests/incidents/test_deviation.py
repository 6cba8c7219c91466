"""A deviation is not an emergency (README "Quiet hours and the morning digest"): traffic behind plan, even severe,
tells its responder and nobody else, climbs no ladder and pages no sponsor. SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.incidents.service import incidents as incident_service
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from bot.plan.rules.emergency_plan import IncidentKind, Severity
from scheduler.passes import run_due
from storage.models import Campaign, Incident, OutboxMessage
from tests.support import payloads
from tests.support.harness import BotHarness

SHANGHAI = ZoneInfo("Asia/Shanghai")
REPORTED = datetime(2026, 5, 6, 10, 0, tzinfo=SHANGHAI)


def _dms(bot: BotHarness, user: str) -> list[str]:
    return [post["text"] for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == user]


def test_a_severe_deviation_tells_its_responder_only_and_climbs_no_ladder(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    with bot.session() as session:
        campaign_id = session.scalars(select(Campaign.id)).one()
    metadata = ModalMetadata(campaign_id=campaign_id, channel_id=payloads.CHANNEL).dump()
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(sponsor="U_BOSS"), private_metadata=metadata).text == ""
    bot.standin.reset()
    bot.clock.set(REPORTED)
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(kind="traffic", severity="severe"),
                      user="U_REPORTER", private_metadata=metadata).text == ""

    assert len(_dms(bot, "U_OWNER")) == 1 and _dms(bot, "U_BOSS") == []
    with bot.session() as session:
        assert session.scalars(select(Incident.next_step_at)).one() is None
    for hours in (1, 4, 8, 24, 48):
        moment = REPORTED + timedelta(hours=hours)
        bot.clock.set(moment)
        run_due(bot.services, moment)
    assert len(_dms(bot, "U_OWNER")) == 1 and _dms(bot, "U_BOSS") == []


def test_a_severe_equipment_failure_still_climbs_to_the_sponsor(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    metadata = ModalMetadata(campaign_id=1, channel_id=payloads.CHANNEL).dump()
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(sponsor="U_BOSS"), private_metadata=metadata).text == ""
    bot.standin.reset()
    bot.clock.set(REPORTED)
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(kind="equipment", severity="severe"),
                      user="U_REPORTER", private_metadata=metadata).text == ""
    assert len(_dms(bot, "U_BOSS")) == 1  # severe: the sponsor at once


def test_the_same_update_is_never_said_twice_in_a_row_in_the_thread(bot: BotHarness) -> None:
    """The pace check finding the same shortfall again refreshes the card; only new words go in its thread."""
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.clock.set(REPORTED)

    def found(description: str, minutes: int) -> None:
        with bot.session() as session:
            incident = incident_service.open_incident(
                session=session, campaign_id=1, kind=IncidentKind.TRAFFIC, severity=Severity.MODERATE,
                description=description, reporter_id=incident_service.SCHEDULER_ACTOR,
                now=REPORTED + timedelta(minutes=minutes), team_id=None, dedupe_key="anomaly:traffic")
            incident_service.announce_incident(session=session, incident=incident, now=REPORTED)

    found("Clicks 40% below pace", 0)
    found("Clicks 45% below pace", 1)  # new words: said in the thread
    found("Clicks 45% below pace", 2)  # the same again: the card only
    found("Clicks 45% below pace", 3)
    found("Clicks 50% below pace", 4)  # new again
    with bot.session() as session:
        notes = [row.text for row in session.scalars(
            select(OutboxMessage).where(OutboxMessage.kind == "incident_note").order_by(OutboxMessage.id))]
    assert [("45%" in note, "50%" in note) for note in notes] == [(True, False), (False, True)]
