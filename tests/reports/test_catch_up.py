"""After downtime the report prompts catch up once, worded as a catch-up, at a waking hour of the
reporter's (not a stale "time for today's report" and its nudge together at midnight)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from scheduler.passes import run_due
from storage.models import OutboxMessage
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
CATCH_UP = "I was offline at report time: your report for *Spring Sale* on May 1, 2026 is still open"


@pytest.fixture
def reporting(bot: BotHarness) -> BotHarness:
    running(bot, reporters={"U_REP": {"tz": "Asia/Shanghai"}}, started=True, now=None,  # it starts on May 1
            reset_calls=False)
    _tick(bot, datetime(2026, 5, 1, 16, 0, tzinfo=SHANGHAI))  # the last pass before the downtime
    bot.standin.reset_calls()
    return bot


def _tick(bot: BotHarness, when: datetime) -> None:
    bot.clock.set(when)
    run_due(bot.services, when)


def _dms(bot: BotHarness) -> list[str]:
    return [post["text"] for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_REP"]


def test_back_at_midnight_one_catch_up_waits_for_the_morning(reporting: BotHarness) -> None:
    _tick(reporting, datetime(2026, 5, 2, 0, 0, tzinfo=SHANGHAI))  # back up at midnight: prompt and nudge both due
    assert _dms(reporting) == []
    _tick(reporting, datetime(2026, 5, 2, 7, 59, tzinfo=SHANGHAI))
    assert _dms(reporting) == []
    _tick(reporting, datetime(2026, 5, 2, 8, 30, tzinfo=SHANGHAI))
    [catch_up] = _dms(reporting)
    assert CATCH_UP in catch_up
    _tick(reporting, datetime(2026, 5, 2, 12, 0, tzinfo=SHANGHAI))
    assert len(_dms(reporting)) == 1  # once
    _tick(reporting, datetime(2026, 5, 2, 17, 0, tzinfo=SHANGHAI))
    assert "Time for today's report for *Spring Sale* (May 2, 2026)" in _dms(reporting)[-1]  # back to normal
    with reporting.session() as session:
        passed = session.scalars(select(OutboxMessage.status).where(
            OutboxMessage.idempotency_key.in_(["report:1:U_REP:2026-05-01:prompt"]))).all()  # type: ignore[attr-defined]
    assert passed == ["skipped"]  # recorded, never sent late


def test_back_in_the_evening_one_catch_up_at_once(reporting: BotHarness) -> None:
    _tick(reporting, datetime(2026, 5, 1, 20, 0, tzinfo=SHANGHAI))
    [catch_up] = _dms(reporting)
    assert CATCH_UP in catch_up
    assert "Time for today's report" not in catch_up and "haven't seen" not in catch_up
    for hour in (21, 23):
        _tick(reporting, datetime(2026, 5, 1, hour, 0, tzinfo=SHANGHAI))
    _tick(reporting, datetime(2026, 5, 2, 8, 30, tzinfo=SHANGHAI))
    assert len(_dms(reporting)) == 1


def test_no_catch_up_for_a_report_already_in(reporting: BotHarness) -> None:
    _tick(reporting, datetime(2026, 5, 2, 0, 0, tzinfo=SHANGHAI))
    reporting.clock.set(datetime(2026, 5, 2, 7, 0, tzinfo=SHANGHAI))
    assert reporting.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 1), exposure="5"),
                            user="U_REP", private_metadata=ModalMetadata(campaign_id=1).dump()).text == ""
    _tick(reporting, datetime(2026, 5, 2, 8, 30, tzinfo=SHANGHAI))
    assert not any("offline" in text or "haven't seen" in text or "Time for today" in text
                   for text in _dms(reporting))


def test_after_days_of_downtime_only_the_newest_day_is_caught_up(reporting: BotHarness) -> None:
    _tick(reporting, datetime(2026, 5, 3, 20, 0, tzinfo=SHANGHAI))
    [catch_up] = _dms(reporting)
    assert "your report for *Spring Sale* on May 3, 2026 is still open" in catch_up


def test_on_time_prompts_are_unchanged(reporting: BotHarness) -> None:
    _tick(reporting, datetime(2026, 5, 1, 17, 0, tzinfo=SHANGHAI))
    _tick(reporting, datetime(2026, 5, 1, 19, 0, tzinfo=SHANGHAI))
    prompt, nudge = _dms(reporting)
    assert "Time for today's report for *Spring Sale* (May 1, 2026)" in prompt
    assert "haven't seen your report for *Spring Sale* today (May 1, 2026)" in nudge
