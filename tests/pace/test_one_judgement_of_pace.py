"""Signals a team can trust: one judgement of pace on every surface, and no alarm from data that has not
arrived. Driven end to end through signed requests and the scheduler, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from bot.pace.rules.pace import PaceStatus
from scheduler.passes import run_due
from storage.models import DailyReport, Incident
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
META = ModalMetadata(campaign_id=1).dump()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


def _campaign(bot: BotHarness, *, sources: str = "", **kpis: str) -> None:
    bot.standin.add_member("U_REP", "Rui Peng", locale="zh-CN")
    running(bot, kpis=kpis, end=date(2026, 5, 30), reporters=["U_REP"], sources=sources,  # 30 days
            started=True, now=None, reset_calls=False)  # running from May 1


def _report(bot: BotHarness, day: int, source: str = "All", **figures: object) -> None:
    with bot.session() as session:
        session.add(DailyReport(campaign_id=1, day=date(2026, 5, day), source=source, reporter_id="U_REP",
                                created_at=at(day, 20), updated_at=at(day, 20), **figures))


def _tick(bot: BotHarness, when: datetime) -> None:
    bot.clock.set(when)
    run_due(bot.services, when)


def _channel(bot: BotHarness) -> list[dict[str, Any]]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]


def _summary_text(bot: BotHarness) -> str:
    [summary] = [post for post in _channel(bot) if post["text"].startswith("Daily report")]
    return json.dumps(summary["blocks"], ensure_ascii=False)


def _incidents(bot: BotHarness) -> list[Incident]:
    with bot.session() as session:
        return list(session.scalars(select(Incident).order_by(Incident.id)))


def _home_text(bot: BotHarness, user: str = "U_OWNER") -> str:
    body = json.dumps({**json.loads(payloads.app_home_opened(user)), "event_id": f"Ev{uuid.uuid4().hex}"})
    assert bot.post(body, payloads.json_headers(body)).status_code == 200
    published = bot.standin.calls_to("views.publish")[-1]
    return json.dumps(published["view"]["blocks"], ensure_ascii=False)


def _section(post: dict[str, Any], key: str) -> str:
    return next(block["text"]["text"] for block in post["blocks"] if block.get("block_id") == f"review-{key}")


# --- one judgement of pace ----------------------------------------------------------------------------------------


def test_every_surface_judges_the_pace_the_same_way(bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Day 10 of 30: sales at 45.5% of the target is 136.5% of its pace (ahead), clicks at 98.2% of pace are on
    pace (within the 20% band), exposure at 70% of pace is behind. Summary, chart, alarm, review so far, App Home
    and compare all say so; nothing calls sales short or tints clicks "behind pace"."""
    bot.standin.add_member("U_OWNER", "Olivia Owner")
    _campaign(bot, sales="3000000", clicks="300000", exposure="3000000")
    for day in range(1, 11):
        _report(bot, day, sales=136_500, clicks=9_820, exposure=70_000)
    drawn: list[Any] = []
    pool = bot.services.charts
    submit = pool.submit
    monkeypatch.setattr(pool, "submit",
                        lambda drawing, series, *args: drawn.append(series) or submit(drawing, series, *args))
    _tick(bot, at(10, 21))

    summary = _summary_text(bot)
    assert "🟢 Sales" in summary and "136.5% of pace" in summary
    assert "🟢 Clicks" in summary and "98.2% of pace" in summary
    assert "🔴 Exposure" in summary and "70% of pace" in summary
    [series] = drawn  # the chart tints a panel from the same judgement
    assert {kpi.metric: kpi.standing.status for kpi in series} == {
        "exposure": PaceStatus.BEHIND, "clicks": PaceStatus.ON_PACE, "sales": PaceStatus.AHEAD}
    [incident] = _incidents(bot)  # the alarm fires for exactly the KPI shown red
    assert "Exposure" in incident.description
    assert "Sales" not in incident.description and "Clicks" not in incident.description

    bot.standin.reset_calls()
    bot.command("summary")  # the review so far
    [review] = [post for post in _channel(bot) if "review" in post["text"]]
    kpis = _section(review, "kpis")
    assert "🟢 Sales: ¥1,365,000 of ¥3,000,000 (45.5%) · 136.5% of pace, ahead" in kpis
    assert "🟢 Clicks: 98,200 of 300,000 (32.7%) · 98.2% of pace, on pace" in kpis
    assert "🔴 Exposure: 700,000 of 3,000,000 (23.3%) · 70% of pace, behind" in kpis
    short, worked = _section(review, "fell_short"), _section(review, "worked")
    assert "Sales" not in short and "reached only" not in short
    assert "Exposure is behind pace: 70% of pace, 23.3% of its target so far." in short
    assert "Sales is ahead of pace: 136.5% of pace, 45.5% of its target so far." in worked
    assert "Clicks is on pace: 98.2% of pace" in worked

    home = _home_text(bot)
    assert "🟢 Sales: 136.5% of pace, ahead · 45.5%" in home
    assert "🟢 Clicks: 98.2% of pace, on pace · 32.7%" in home
    assert "🔴 Exposure: 70% of pace, behind · 23.3%" in home
    chinese = _home_text(bot, "U_REP")  # the reporter reads Chinese: the same judgement in their words
    assert "🟢 销售额：进度达成 136.5%，领先 · 完成 45.5%（¥137万，目标 ¥300万）" in chinese
    assert "🟢 点击量：进度达成 98.2%，符合进度" in chinese and "🔴 曝光量：进度达成 70%，落后" in chinese

    values = payloads.campaign_values(name="Autumn Sale", start=date(2026, 9, 1), end=date(2026, 9, 30),
                                      kpis={"sales": "100000"})
    assert bot.submit(View.NEW_CAMPAIGN, values).text == ""
    rows = response_json(bot.command('compare "Spring Sale" "Autumn Sale"', channel="C_ELSEWHERE"))["blocks"]
    cells = {block["text"]["text"]: [field["text"] for field in block["fields"]] for block in rows
             if block["type"] == "section" and block.get("fields") and block.get("text")}
    assert cells["*Sales (% of target)*"][0].startswith("🟢") and "ahead of pace" in cells["*Sales (% of target)*"][0]
    assert cells["*Exposure (% of target)*"][0].startswith("🔴")


# --- no alarm from data that has not arrived ----------------------------------------------------------------------


def _on_pace(bot: BotHarness, day: int, *sources: str) -> None:
    share = {"WeChat": 50_000, "Douyin": 30_000, "Stores": 20_000}
    for source in sources:
        _report(bot, day, source, exposure=share[source])


def test_a_day_with_one_source_of_three_is_not_judged_yet(bot: BotHarness) -> None:
    """21:00 with one source of three reported: the summary says so and names the missing ones; the day-over-day
    change compares the same source; no traffic incident is opened or updated."""
    _campaign(bot, exposure="3000000", sources="WeChat\nDouyin\nStores")
    for day in range(1, 10):
        _on_pace(bot, day, "WeChat", "Douyin", "Stores")
    _on_pace(bot, 10, "WeChat")
    _tick(bot, at(10, 21))
    summary = _summary_text(bot)
    assert "1 of 3 sources reported" in summary and "Not yet reported: Douyin, Stores" in summary
    assert "Exposure (曝光量): 50,000 (+0, +0% vs yesterday)" in summary  # WeChat against WeChat, not −50%
    assert "Pace judged through May 9, 2026" in summary
    assert "🟢 Exposure" in summary
    # The pace line names the day it judged and the figure it judged, so a cumulative that includes part of today
    # is never set against an expectation that does not.
    assert "of pace through May 9, 2026 (" in summary and " of 900,000 expected)" in summary
    assert _incidents(bot) == []
    # Once the other sources are in, the day is judged as a whole.
    _on_pace(bot, 10, "Douyin", "Stores")
    bot.standin.reset_calls()
    _tick(bot, at(11, 21))
    assert _incidents(bot) == []


def test_backfilling_an_early_day_raises_no_alarm(bot: BotHarness) -> None:
    """Day 1 entered on day 10 while days 2–9 are still empty: those days are missing, not zero."""
    _campaign(bot, exposure="3000000", clicks="300000")
    bot.clock.set(at(10, 10))
    response = bot.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 1), source="All",
                                                                     exposure="100000", clicks="10000"),
                          user="U_REP", private_metadata=META)
    assert response.text == ""
    assert _incidents(bot) == []
    _tick(bot, at(10, 21))  # the evening pass judges the same way
    assert _incidents(bot) == []
    summary = _summary_text(bot)
    assert "🔴" not in summary


# --- a quiet night ------------------------------------------------------------------------------------------------


def test_a_night_without_figures_is_one_short_line_and_a_complaint_is_quoted_once(bot: BotHarness) -> None:
    _campaign(bot, exposure="3000000", sources="WeChat\nDouyin")
    _report(bot, 1, "WeChat", exposure=60_000)
    _report(bot, 1, "Douyin", exposure=40_000)
    with bot.session() as session:
        report = session.scalars(select(DailyReport).where(DailyReport.source == "WeChat")).one()
        report.feedback, report.feedback_type = "发货太慢", "complaint"
    _tick(bot, at(1, 21))
    assert "发货太慢" in _summary_text(bot)
    bot.standin.reset_calls()
    _tick(bot, at(2, 21))  # nobody reported May 2
    [quiet] = [post for post in _channel(bot) if post["text"].startswith("Daily report")]
    [block] = quiet["blocks"]
    assert block["text"]["text"] == ("*Spring Sale* · May 2, 2026: no figures reported yet. 0 of 2 sources reported"
                                     " · missing: WeChat, Douyin")
    assert bot.standin.calls_to("files.completeUploadExternal") == []  # no chart of nothing
    bot.standin.reset_calls()
    _report(bot, 3, "WeChat", exposure=60_000)
    _report(bot, 3, "Douyin", exposure=40_000)
    _tick(bot, at(3, 21))
    assert "发货太慢" not in _summary_text(bot)  # last night's complaint is not quoted again
