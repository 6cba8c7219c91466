"""No scheduler pass waits on Slack while it holds rows: the people a batch speaks to are looked up (users.info)
before its transaction, and the 21:00 summary, its anomaly incident and that incident's ladder then read their
languages from the directory's cache."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlmodel import Session

from scheduler.passes import run_due
from storage.models import DailyReport
from tests.support.harness import BotHarness
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def watched(bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """A running campaign with reporters lagging behind pace; returns, per users.info call from now on, the user
    and whether a unit of work was open at the time."""
    running(bot, kpis={"clicks": "310000"}, reporters={"U_REP": {"tz": "Asia/Shanghai"}}, sources="WeChat", now=None,
            reset_calls=False)
    with bot.session() as session:
        for day in range(1, 3):
            session.add(DailyReport(campaign_id=1, day=date(2026, 5, day), source="WeChat", reporter_id="U_REP",
                                    created_at=at(day, 20), updated_at=at(day, 20), clicks=4_000))
    services = bot.services
    open_units: list[int] = []
    calls: list[tuple[str, bool]] = []
    unit_of_work, user_profile = services.unit_of_work, services.slack.user_profile

    @contextmanager
    def watched_unit_of_work() -> Iterator[Session]:
        open_units.append(1)
        try:
            with unit_of_work() as session:
                yield session
        finally:
            open_units.pop()

    def watched_profile(user_id: str) -> Any:
        calls.append((user_id, bool(open_units)))
        return user_profile(user_id)

    monkeypatch.setattr(services, "unit_of_work", watched_unit_of_work)
    monkeypatch.setattr(services.slack, "user_profile", watched_profile)
    return calls


def test_passes_ask_slack_before_their_transactions(bot: BotHarness, watched: list[tuple[str, bool]]) -> None:
    for when in (at(2, 9), at(2, 21), at(3, 1, 1), at(3, 9), at(3, 21)):  # prompts, summary + incident, its ladder
        bot.clock.set(when)
        run_due(bot.services, when)
    asked = {user for user, _ in watched}
    assert {"U_OWNER", "U_REP"} <= asked  # the directory's cache expired in between: Slack was asked again
    assert [user for user, inside in watched if inside] == []
