"""Quiet hours end to end through signed requests, on SQLite and PostgreSQL: between 22:00 and 08:00 in a person's own
zone only an urgent page reaches them; everything else waits and comes as one morning digest."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from scheduler.passes import run_due
from storage.models import Campaign, OutboxMessage
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
NIGHT = datetime(2026, 5, 6, 23, 30, tzinfo=SHANGHAI)
MORNING = datetime(2026, 5, 7, 8, 0, tzinfo=SHANGHAI)


def _campaign(bot: BotHarness) -> int:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    with bot.session() as session:
        return session.scalars(select(Campaign.id)).one()


def _report_incident(bot: BotHarness, campaign_id: int, when: datetime, kind: str) -> None:
    bot.clock.set(when)
    response = bot.submit(View.REPORT_INCIDENT, payloads.incident_values(kind=kind), user="U_REPORTER",
                          private_metadata=ModalMetadata(campaign_id=campaign_id, channel_id=payloads.CHANNEL).dump())
    assert response.status_code == 200 and response.text == ""


def _dms(bot: BotHarness, user: str) -> list[dict[str, Any]]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == user]


def _rows(bot: BotHarness, user: str) -> list[tuple[str, str]]:
    with bot.session() as session:
        return [(row.kind, row.status) for row in session.scalars(
            select(OutboxMessage).where(OutboxMessage.channel == user).order_by(OutboxMessage.id))]


def test_a_supply_incident_at_night_waits_for_the_owners_morning_digest(bot: BotHarness) -> None:
    campaign_id = _campaign(bot)
    bot.standin.reset()
    _report_incident(bot, campaign_id, NIGHT, "supply")

    assert [post["channel"] for post in bot.standin.calls_to("chat.postMessage")] == [payloads.CHANNEL]  # the card
    assert _rows(bot, "U_OWNER") == [("incident_notify", "overnight")]
    with bot.session() as session:
        held = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "U_OWNER")).one()
        assert held.next_attempt_at == MORNING  # 08:00 in the owner's zone (the campaign's: no zone of their own)

    bot.clock.set(MORNING.replace(hour=7, minute=59))
    run_due(bot.services, MORNING.replace(hour=7, minute=59))
    assert _dms(bot, "U_OWNER") == []  # still night

    bot.clock.set(MORNING)
    run_due(bot.services, MORNING)
    # the report, and the page its 2 h acknowledgement target made at 01:30: one digest for both
    [digest] = _dms(bot, "U_OWNER")
    assert digest["text"] == "Good morning. 2 messages waited out your night:"
    assert "Incident #1" in str(digest["blocks"]) and "Supply" in str(digest["blocks"])
    assert [row for row in _rows(bot, "U_OWNER") if row[1] != "skipped"] == [
        ("incident_notify", "digested"), ("incident_owner_paged", "digested"), ("digest", "sent")]

    run_due(bot.services, MORNING.replace(minute=1))
    assert len(_dms(bot, "U_OWNER")) == 1  # said once


def test_an_urgent_page_reaches_its_responder_at_night(bot: BotHarness) -> None:
    campaign_id = _campaign(bot)
    bot.standin.reset()
    _report_incident(bot, campaign_id, NIGHT, "equipment")

    [page] = _dms(bot, "U_OWNER")
    assert page["text"].startswith("🚨")
    assert _rows(bot, "U_OWNER") == [("incident_notify", "sent")]


def test_quiet_hours_are_the_recipients_own(bot: BotHarness) -> None:
    """14:00 in Shanghai is 02:00 in New York: a supply incident's responder there is told at 08:00 New York time."""
    bot.standin.add_member("U_SAM", "Sam", tz="America/New_York")
    campaign_id = _campaign(bot)
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(responders={"supply": "U_SAM"}),
                      private_metadata=ModalMetadata(campaign_id=campaign_id, channel_id=payloads.CHANNEL).dump()
                      ).text == ""
    bot.standin.reset()
    afternoon = datetime(2026, 5, 6, 14, 0, tzinfo=SHANGHAI)
    _report_incident(bot, campaign_id, afternoon, "supply")

    assert _dms(bot, "U_SAM") == []
    with bot.session() as session:
        held = session.scalars(select(OutboxMessage).where(OutboxMessage.channel == "U_SAM")).one()
        assert held.next_attempt_at == datetime(2026, 5, 6, 8, 0, tzinfo=NEW_YORK)

    morning_in_new_york = datetime(2026, 5, 6, 8, 0, tzinfo=NEW_YORK)
    bot.clock.set(morning_in_new_york)
    run_due(bot.services, morning_in_new_york)
    [digest] = _dms(bot, "U_SAM")
    assert digest["text"] == "Good morning. 1 message waited out your night:"


def test_the_answer_to_ones_own_report_is_never_held(bot: BotHarness) -> None:
    """A reporter who sends their figures at 23:30 is awake and waits for the receipt."""
    running(bot, reporters={"U_REP": {"tz": "Asia/Shanghai"}}, sources="WeChat")
    bot.clock.set(datetime(2026, 5, 5, 23, 30, tzinfo=SHANGHAI))
    response = bot.submit(View.DAILY_REPORT, payloads.report_values(source="WeChat", exposure="1,000"), user="U_REP",
                          private_metadata=ModalMetadata(campaign_id=1).dump())
    assert response.status_code == 200
    assert ("report_receipt", "sent") in _rows(bot, "U_REP")
