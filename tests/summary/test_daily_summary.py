"""The daily summary at 21:00 with its chart, who is missing, and anomalies that open one incident per day."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from scheduler.passes import run_due
from storage.models import DailyReport, Incident, OutboxMessage
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
PNG = b"\x89PNG\r\n\x1a\n"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def campaign(bot: BotHarness) -> BotHarness:
    """May 2026, exposure target 3.1M (100k a day on pace), clicks 310k, budget 200k with 10% reserve."""
    running(bot, kpis={"exposure": "310万", "clicks": "310000"},
            reporters={"U_REP": {"tz": "Asia/Shanghai"}, "U_LATE": {"tz": "Asia/Shanghai"}}, sources="WeChat\nDouyin",
            now=None, reset_calls=False)
    return bot


def _report(bot: BotHarness, day: int, source: str, **figures: object) -> None:
    with bot.session() as session:
        session.add(DailyReport(campaign_id=1, day=date(2026, 5, day), source=source, reporter_id="U_REP",
                                created_at=at(day, 20), updated_at=at(day, 20), **figures))


def _tick(bot: BotHarness, when: datetime) -> None:
    bot.clock.set(when)
    run_due(bot.services, when)


def _channel(bot: BotHarness) -> list[dict]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]


def _incidents(bot: BotHarness) -> list[Incident]:
    with bot.session() as session:
        return list(session.scalars(select(Incident).order_by(Incident.id)))


def test_summary_at_21_with_figures_pace_money_feedback_and_chart(campaign: BotHarness) -> None:
    for day in (1, 2):
        _report(campaign, day, "WeChat", exposure=60_000, clicks=6_000, sales=Decimal("3000"), spend=Decimal("1000"))
        _report(campaign, day, "Douyin", exposure=40_000, clicks=4_000, spend=Decimal("1000"))
    with campaign.session() as session:
        report = session.scalars(select(DailyReport).where(DailyReport.day == date(2026, 5, 2))).first()
        assert report is not None
        report.feedback, report.feedback_type = "发货太慢 <!channel>", "complaint"
    _tick(campaign, at(2, 20, 59))
    assert not any("Daily report" in post["text"] for post in _channel(campaign))
    campaign.standin.reset_calls()
    _tick(campaign, at(2, 21, 0))
    [summary] = [post for post in _channel(campaign) if post["text"].startswith("Daily report")]
    text = json.dumps(summary["blocks"], ensure_ascii=False)
    assert "Daily report · Spring Sale" in text and "day 2 of 31" in text
    assert "Exposure (曝光量): 100,000 (+0, +0% vs yesterday)" in text
    assert "🟢 Exposure (曝光量): 200,000 of 3,100,000 (6.5%) · 100% of pace (200,000 expected)" in text
    assert "ROI so far: 50%" in text  # (sales 6,000 − spend 4,000) / 4,000
    assert "Budget used: ¥4,000 of ¥200,000 (2%)" in text
    assert "1 complaint" in text and "发货太慢 &lt;!channel&gt;" in text
    [upload] = campaign.standin.calls_to("files.completeUploadExternal")
    assert upload["channel_id"] == payloads.CHANNEL and "through May 2, 2026" in upload["initial_comment"]
    [chart] = campaign.standin.uploads.values()
    assert chart.startswith(PNG)
    [missing] = [post for post in campaign.standin.calls_to("chat.postMessage") if post["channel"] == "U_OWNER"]
    assert missing["text"].endswith("Not reported for *Spring Sale* today (May 2, 2026): <@U_LATE>.")
    _tick(campaign, at(2, 21, 0))
    assert len([post for post in _channel(campaign) if post["text"].startswith("Daily report")]) == 1


def test_falling_behind_pace_opens_one_incident_then_updates_it(campaign: BotHarness) -> None:
    for day in range(1, 7):
        _report(campaign, day, "WeChat", exposure=100_000, clicks=4_000)  # clicks at 40% of pace
        _report(campaign, day, "Douyin", exposure=0, clicks=0)  # both sources in: each day is judged at 21:00
    _tick(campaign, at(2, 21))
    [incident] = _incidents(campaign)
    assert (incident.kind, incident.severity, incident.status) == ("traffic", "severe", "open")
    assert "Clicks (点击量) is 60% below pace in *Spring Sale*" in incident.description
    assert _cards(campaign) == 1
    # Nobody acknowledges overnight: a deviation climbs no ladder, so nobody is paged at 01:01.
    _tick(campaign, at(3, 1, 1))
    paged = [post["text"] for post in campaign.standin.calls_to("chat.postMessage") if post["channel"] == "U_OWNER"]
    assert not any(text.startswith("📟") for text in paged)
    _tick(campaign, at(3, 21))
    [same] = _incidents(campaign)  # still lagging on May 3: the open incident now tells May 3's story
    assert same.id == incident.id and same.dedupe_key == "anomaly:traffic" and "May 3, 2026" in same.description
    assert _cards(campaign) == 1  # updated, not posted again
    _tick(campaign, at(3, 21, 5))  # checking May 3 again adds nothing
    assert len(_incidents(campaign)) == 1 and _cards(campaign) == 1


def _cards(bot: BotHarness) -> int:
    with bot.session() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "incident_card")).all()
    assert all(row.status == "sent" for row in rows)
    return len(rows)


def test_spend_beyond_budget_is_announced_once(campaign: BotHarness) -> None:
    _report(campaign, 1, "WeChat", exposure=100_000, clicks=10_000, spend=Decimal("150000"))
    _report(campaign, 2, "WeChat", exposure=100_000, clicks=10_000, spend=Decimal("60000"))
    _tick(campaign, at(2, 21))
    _tick(campaign, at(3, 21))
    notices = [post["text"] for post in _channel(campaign) if "💸" in post["text"]]
    assert notices == ["💸 *Spring Sale* has spent ¥210,000, over its whole budget of ¥200,000 "
                       "(5% over). Biggest spender: WeChat."]


def test_a_submission_rechecks_the_pace_at_once(campaign: BotHarness) -> None:
    _tick(campaign, at(1, 0))  # the campaign starts running
    _report(campaign, 1, "WeChat", exposure=100_000, clicks=10_000)
    campaign.clock.set(at(3, 10))
    body = campaign.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 2), source="WeChat",
                                                                     exposure="100000", clicks="1000"),
                           user="U_REP", private_metadata=ModalMetadata(campaign_id=1).dump())
    assert body.text == ""
    incidents = _incidents(campaign)
    assert {incident.kind for incident in incidents} == {"traffic"}
    descriptions = " ".join(incident.description for incident in incidents)
    assert "Clicks (点击量) is 45% below pace" in descriptions  # 11,000 of 20,000 expected by May 2
    assert "Clicks (点击量) dropped 90% day over day" in descriptions


def test_downtime_skips_old_summaries(campaign: BotHarness) -> None:
    _tick(campaign, at(1, 0))
    _tick(campaign, at(5, 10))  # four summaries were due while down, the last 13 h ago
    with campaign.session() as session:
        kinds = session.scalars(select(OutboxMessage.status).where(OutboxMessage.kind == "daily_summary")).all()
    assert kinds == ["skipped"] * 4
    _tick(campaign, at(5, 21) + timedelta(minutes=1))
    assert any(post["text"].startswith("Daily report") for post in _channel(campaign))


def test_phase_weights_shape_the_expected_pace(bot: BotHarness) -> None:
    values = payloads.campaign_values(kpis={"exposure": "1000000"}, warmup=date(2026, 5, 1), burst=date(2026, 5, 11),
                                      longtail=date(2026, 5, 21))
    assert bot.submit(View.NEW_CAMPAIGN, values).text == ""
    bot.approve("1")
    from storage.models import Campaign

    with bot.session() as session:
        session.get_one(Campaign, 1).pace_weights = '{"warmup": "10", "burst": "80", "longtail": "10"}'
    _report(bot, 1, "All", exposure=10_000)
    _tick(bot, at(1, 0))
    _tick(bot, at(1, 21))
    [summary] = [post for post in _channel(bot) if post["text"].startswith("Daily report")]
    # Warm-up holds 10% of the target over 10 days: 10,000 expected on day 1, not the linear 32,258.
    assert "🟢 Exposure (曝光量): 10,000 of 1,000,000 (1%) · 100% of pace (10,000 expected)" in json.dumps(
        summary["blocks"], ensure_ascii=False)
