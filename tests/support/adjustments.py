"""The set-up and forms the Cause & adjustment tests share: a campaign whose clicks run at 40% of pace, so the
21:00 check of May 2 opens the bot's traffic incident #1 (tests/adjustments/test_adjustments.py describes it)."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.adjustments.rules import AdjustField
from bot.kernel.ids import INPUT, Action, View
from scheduler.passes import run_due
from storage.models import DailyReport, Incident
from storage.repositories import delivery as outbox_repository
from tests.support.harness import BotHarness
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


def report(bot: BotHarness, day: int, source: str, **figures: object) -> None:
    with bot.session() as session:
        session.add(DailyReport(campaign_id=1, day=date(2026, 5, day), source=source, reporter_id="U_REP",
                                created_at=at(day, 20), updated_at=at(day, 20), **figures))


def tick(bot: BotHarness, when: datetime) -> None:
    bot.clock.set(when)
    run_due(bot.services, when)


def pace_incident(bot: BotHarness) -> BotHarness:
    """Incident #1, opened by the pace check at 21:00 on May 2; the clock then at 10:00 on May 3."""
    bot.standin.add_user("U_TECH", tz="Asia/Shanghai")
    bot.standin.add_user("U_WANG", tz="Asia/Shanghai", locale="zh-CN")
    running(bot, kpis={"exposure": "310万", "clicks": "310000"}, reporters={"U_REP": {"tz": "Asia/Shanghai"}},
            sources="WeChat\nDouyin", now=None, reset_calls=False)
    for day in (1, 2):
        report(bot, day, "WeChat", exposure=100_000, clicks=4_000)
        report(bot, day, "Douyin", exposure=0, clicks=0)
    tick(bot, at(2, 21))
    incident = one_incident(bot)
    assert (incident.kind, incident.reporter_id, incident.dedupe_key) == ("traffic", "campaignbot", "anomaly:traffic")
    bot.clock.set(at(3, 10))
    bot.standin.reset_calls()
    return bot


def one_incident(bot: BotHarness) -> Incident:
    with bot.session() as session:
        return session.scalars(select(Incident)).one()


def card_ts(bot: BotHarness, incident_id: int = 1) -> str:
    with bot.session() as session:
        row = outbox_repository.by_key(session=session, key=f"incident:{incident_id}:card")
        assert row is not None and row.message_ts
        return row.message_ts


def values(*, cause: str | None = "channel", happened: str = "Douyin ads paused by the platform for two days",
           adjustment: str = "New copy and a Douyin boost", owner: str | None = "U_TECH",
           due: date | None = date(2026, 5, 6), subjects: tuple[str, ...] = ("clicks",), extra: str = "",
           line: str | None = None) -> dict[str, Any]:
    """view.state.values of a filled-in Cause & adjustment modal."""
    def text(value: str) -> dict[str, Any]:
        return {INPUT: {"type": "plain_text_input", "value": value or None}}

    def select(value: str | None) -> dict[str, Any]:
        return {INPUT: {"type": "static_select", "selected_option": {"value": value} if value else None}}

    return {
        AdjustField.CAUSE: select(cause), AdjustField.HAPPENED: text(happened),
        AdjustField.ADJUSTMENT: text(adjustment),
        AdjustField.OWNER: {INPUT: {"type": "users_select", "selected_user": owner}},
        AdjustField.DUE: {INPUT: {"type": "datepicker", "selected_date": due.isoformat() if due else None}},
        AdjustField.SUBJECTS: {INPUT: {"type": "multi_static_select",
                                       "selected_options": [{"value": value} for value in subjects]}},
        AdjustField.EXTRA: text(extra), AdjustField.LINE: select(line),
    }


def open_modal(bot: BotHarness, *, user: str = "U_OWNER", action: str = Action.INCIDENT_ADJUST) -> dict[str, Any]:
    bot.standin.reset_calls()
    bot.click(action, "1", user=user, message_ts=card_ts(bot))
    [opened] = bot.standin.calls_to("views.open")
    view = opened["view"]
    return json.loads(view) if isinstance(view, str) else view


def submit(bot: BotHarness, view: dict[str, Any], form: dict[str, Any], *, user: str = "U_OWNER") -> Any:
    return bot.submit(View.INCIDENT_ADJUSTMENT, form, user=user, private_metadata=view["private_metadata"])


