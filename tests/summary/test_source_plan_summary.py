"""A plan per source at 21:00: the summary's "By source" lines, a source behind its own share of the pace in the
traffic incident while the campaign as a whole is on pace, and money over its plan said that evening."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.inputs import INPUT
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from bot.pace.rules.subjects import Subject, load_subjects
from scheduler.passes import run_due
from storage.models import DailyReport, Incident
from tests.support import adjustments, payloads
from tests.support.harness import BotHarness
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
META = ModalMetadata(campaign_id=1).dump()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def campaign(bot: BotHarness) -> BotHarness:
    """May 2026: exposure 3.1M (100k a day on pace), clicks 310k; Douyin holds 30% of it with ¥30,000, WeChat 70%
    with ¥100,000; materials planned at ¥5,000."""
    running(bot, kpis={"exposure": "310万", "clicks": "310000"}, reporters={"U_REP": {"tz": "Asia/Shanghai"}},
            sources="Douyin 30% ¥30,000\nWeChat 70% 10万", now=None, reset_calls=False)
    lines: dict[str, Any] = {f"budget_line_{line}": {INPUT: {"type": "plain_text_input", "value": value}}
                             for line, value in (("materials", "5000"), ("channel", None), ("staff", None),
                                                 ("venue", None), ("contingency", None))}
    assert bot.submit(View.BUDGET_LINES, lines, private_metadata=META).text == ""
    return bot


def _report(bot: BotHarness, day: int, source: str, **figures: object) -> None:
    with bot.session() as session:
        session.add(DailyReport(campaign_id=1, day=date(2026, 5, day), source=source, reporter_id="U_REP",
                                created_at=at(day, 20), updated_at=at(day, 20), **figures))


def _summary(bot: BotHarness, when: datetime) -> str:
    bot.standin.reset_calls()
    bot.clock.set(when)
    run_due(bot.services, when)
    [post] = [post for post in bot.standin.calls_to("chat.postMessage")
              if post["channel"] == payloads.CHANNEL and post["text"].startswith("Daily report")]
    return "\n".join(block["text"]["text"] for block in post["blocks"] if block["type"] == "section")


def _incidents(bot: BotHarness) -> list[Incident]:
    with bot.session() as session:
        return list(session.scalars(select(Incident).order_by(Incident.id)))


def test_by_source_lines_and_a_source_behind_its_share_while_the_campaign_is_on_pace(campaign: BotHarness) -> None:
    for day in (1, 2):
        _report(campaign, day, "Douyin", exposure=20_000, clicks=2_000, spend=Decimal("1000"))
        _report(campaign, day, "WeChat", exposure=80_000, clicks=8_000, spend=Decimal("2000"))
    text = _summary(campaign, at(2, 21))
    assert "🟢 Exposure (曝光量): 200,000 of 3,100,000 (6.5%) · 100% of pace (200,000 expected)" in text
    assert ("*By source*\n"
            "• *Douyin* (30% of the targets): 🔴 Exposure (曝光量) 40,000 (66.7% of its pace) · "
            "🔴 Clicks (点击量) 4,000 (66.7% of its pace) · spend ¥2,000 of ¥30,000 (6.7%)\n"
            "• *WeChat* (70% of the targets): 🟢 Exposure (曝光量) 160,000 (114.3% of its pace) · "
            "🟢 Clicks (点击量) 16,000 (114.3% of its pace) · spend ¥4,000 of ¥100,000 (4%)") in text
    [incident] = _incidents(campaign)
    assert (incident.kind, incident.severity, incident.dedupe_key) == ("traffic", "minor", "anomaly:traffic")
    assert ("• Douyin is 33.3% behind its share of the pace on Exposure (曝光量) (66.7% of its own pace)."
            in incident.description)
    assert "WeChat is" not in incident.description
    # Further behind the next evening (the campaign still on pace): the same incident is updated, more severe.
    _report(campaign, 3, "Douyin", exposure=0, clicks=0)
    _report(campaign, 3, "WeChat", exposure=100_000, clicks=10_000)
    _summary(campaign, at(3, 21))
    [same] = _incidents(campaign)
    assert same.id == incident.id and same.severity == "severe"  # 55.6% behind: past the severe tier (50%)
    assert "Douyin is 55.6% behind its share of the pace" in same.description and "May 3, 2026" in same.description


def test_a_source_that_has_not_reported_raises_nothing(campaign: BotHarness) -> None:
    for day in (1, 2, 3):
        _report(campaign, day, "WeChat", exposure=100_000, clicks=10_000)  # the whole pace without Douyin
    text = _summary(campaign, at(3, 21))
    assert ("• *Douyin* (30% of the targets): ⚪ Exposure (曝光量): no report yet · "
            "⚪ Clicks (点击量): no report yet") in text
    assert _incidents(campaign) == []


def test_a_source_reporting_late_in_the_day_is_judged_on_what_it_reported(campaign: BotHarness) -> None:
    _report(campaign, 1, "Douyin", exposure=30_000, clicks=3_000)
    _report(campaign, 1, "WeChat", exposure=70_000, clicks=7_000)
    _report(campaign, 2, "WeChat", exposure=70_000, clicks=7_000)  # Douyin's May 2 not in yet at 21:00
    text = _summary(campaign, at(2, 21))
    assert "• *Douyin* (30% of the targets): 🟢 Exposure (曝光量) 30,000 (100% of its pace)" in text
    assert _incidents(campaign) == []


def test_money_over_its_plan_is_said_that_evening_and_again_only_when_it_grows(campaign: BotHarness) -> None:
    for day in (1, 2):
        _report(campaign, day, "Douyin", exposure=30_000, clicks=3_000, spend=Decimal("10000"))
        _report(campaign, day, "WeChat", exposure=70_000, clicks=7_000)
    assert "⚠️" not in _summary(campaign, at(2, 21))
    _report(campaign, 3, "Douyin", exposure=30_000, clicks=3_000, spend=Decimal("11000"))
    _report(campaign, 3, "WeChat", exposure=70_000, clicks=7_000, spend=Decimal("6000"), budget_line="materials")
    text = _summary(campaign, at(3, 21))
    assert "⚠️ spend ¥31,000 of ¥30,000, ¥1,000 over" in text
    assert ("⚠️ Materials (物料) went over its budget today: ¥6,000 spent of ¥5,000 planned, ¥1,000 over.\n"
            "⚠️ Douyin went over its budget today: ¥31,000 spent of ¥30,000 planned, ¥1,000 over.") in text
    _report(campaign, 4, "Douyin", exposure=30_000, clicks=3_000)
    _report(campaign, 4, "WeChat", exposure=70_000, clicks=7_000)
    text = _summary(campaign, at(4, 21))
    assert "went over" not in text and "further over" not in text  # no new spend on them: nothing new to say
    _report(campaign, 5, "Douyin", exposure=30_000, clicks=3_000, spend=Decimal("500"))
    _report(campaign, 5, "WeChat", exposure=70_000, clicks=7_000)
    text = _summary(campaign, at(5, 21))
    assert ("⚠️ Douyin went further over its budget today: ¥31,500 spent of ¥30,000 planned, ¥1,500 over."
            in text)
    assert "Materials (物料) went" not in text


def test_a_campaign_without_a_plan_has_no_by_source_section(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(kpis={"exposure": "310万"})).text == ""
    bot.approve("1")
    bot.standin.add_user("U_REP", tz="Asia/Shanghai")
    assert bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_REP"], sources="WeChat\nDouyin"),
                      private_metadata=META).text == ""
    for source in ("WeChat", "Douyin"):
        _report(bot, 1, source, exposure=50_000, spend=Decimal("1000"))
    text = _summary(bot, at(1, 21))
    assert "Exposure (曝光量): 100,000" in text
    assert "By source" not in text and "⚠️" not in text
    assert json.dumps(text)  # the section list is plain text only


def test_an_adjustment_for_one_source_is_judged_against_that_source_s_share(campaign: BotHarness) -> None:
    """The incident names the source behind its share; an adjustment made for it is "still behind" while that source
    is, even though the campaign's own exposure is on pace (the KPI line and the source line agree with it)."""
    for day in (1, 2):
        _report(campaign, day, "Douyin", exposure=20_000, clicks=2_000)
        _report(campaign, day, "WeChat", exposure=80_000, clicks=8_000)
    _summary(campaign, at(2, 21))
    [incident] = _incidents(campaign)
    assert Subject("exposure", "Douyin") in load_subjects(incident.subjects)
    campaign.standin.add_user("U_TECH", tz="Asia/Shanghai")
    campaign.clock.set(at(3, 10))
    view = adjustments.open_modal(campaign)
    options = json.dumps(view, ensure_ascii=False)
    assert "exposure:Douyin" in options  # the form offers the source the incident names
    body = adjustments.submit(campaign, view, adjustments.values(subjects=("exposure:Douyin",)))
    assert body.text == "", body.text
    _report(campaign, 3, "Douyin", exposure=20_000, clicks=2_000)
    _report(campaign, 3, "WeChat", exposure=80_000, clicks=8_000)
    text = _summary(campaign, at(3, 21))
    assert "🟢 Exposure (曝光量): 300,000 of 3,100,000" in text  # the campaign as a whole on pace
    assert "🔴 Exposure (曝光量) on Douyin: still behind" in text
    # Douyin catches up on its share: the same adjustment now reads back on pace.
    _report(campaign, 4, "Douyin", exposure=150_000, clicks=15_000)
    _report(campaign, 4, "WeChat", exposure=70_000, clicks=7_000)
    assert "🟢 Exposure (曝光量) on Douyin: back on pace" in _summary(campaign, at(4, 21))
