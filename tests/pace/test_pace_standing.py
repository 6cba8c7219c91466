"""The one judgement of pace (`bot.pace.rules.pace.standing`): band, like-with-like days, the day in progress, the
end."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.rules.reminders import CampaignDates
from bot.pace.rules.anomalies import AnomalySettings, detect_anomalies
from bot.pace.rules.pace import (
    CampaignPlan,
    PaceStatus,
    covered,
    judge,
    judge_final,
    judged_through,
    standing,
)
from bot.reports.rules.figures import DailyRow, Figures, ReportBook
from bot.summary.rules import compute_summary

START = date(2026, 5, 1)


def day(n: int) -> date:
    return START + timedelta(days=n - 1)


PLAN = CampaignPlan(CampaignDates(START, day(30), None, None, None), targets={Metric.CLICKS: Decimal(3000)})
THREE = CampaignPlan(PLAN.dates, targets=PLAN.targets, sources=("WeChat", "Douyin", "Stores"))


@pytest.mark.parametrize(("of_pace", "status"), [
    (None, PaceStatus.UNKNOWN), (Decimal("0.79"), PaceStatus.BEHIND), (Decimal("0.8"), PaceStatus.ON_PACE),
    (Decimal("0.982"), PaceStatus.ON_PACE), (Decimal("1.2"), PaceStatus.ON_PACE), (Decimal("1.21"), PaceStatus.AHEAD),
])
def test_the_band_around_the_pace(of_pace: Decimal | None, status: PaceStatus) -> None:
    assert judge(of_pace) == status


def test_the_band_is_the_campaigns_deviation_threshold() -> None:
    assert judge(Decimal("0.85"), band=Decimal("0.10")) == PaceStatus.BEHIND
    assert judge(Decimal("0.85"), band=Decimal("0.20")) == PaceStatus.ON_PACE


def test_an_ended_campaign_is_judged_against_the_whole_target() -> None:
    assert judge_final(Decimal("0.95")) == PaceStatus.BEHIND
    assert judge_final(Decimal("1")) == PaceStatus.ON_PACE
    assert judge_final(Decimal("1.3")) == PaceStatus.AHEAD
    rows = [DailyRow(day(n), "All", Figures(clicks=95)) for n in range(1, 31)]
    final = standing(PLAN, ReportBook(rows), "clicks", day(30), final=True)
    assert (final.status, final.of_target, final.final) == (PaceStatus.BEHIND, Decimal("0.95"), True)
    running = standing(PLAN, ReportBook(rows), "clicks", day(30))
    assert running.status == PaceStatus.ON_PACE  # 95% of the pace is within the band while it runs


def test_days_without_a_report_are_missing_not_zero() -> None:
    book = ReportBook([DailyRow(day(1), "All", Figures(clicks=100))])
    actual, expected = covered(PLAN, book, "clicks", day(9))
    assert (actual, round(expected, 9)) == (100, Decimal(100))  # day 1's pace only, not nine days' of it
    judged = standing(PLAN, book, "clicks", day(9))
    assert judged.status == PaceStatus.ON_PACE and round(judged.of_pace or 0, 9) == 1
    assert detect_anomalies(PLAN, book, day(9), AnomalySettings()) == []


def test_the_day_in_progress_counts_once_its_sources_are_in() -> None:
    rows = [DailyRow(day(n), source, Figures(clicks=share)) for n in (1, 2)
            for source, share in (("WeChat", 50), ("Douyin", 30), ("Stores", 20))]
    book = ReportBook([*rows, DailyRow(day(3), "WeChat", Figures(clicks=50))])
    assert judged_through(THREE, book, day(3), today=day(3)) == day(2)
    assert judged_through(THREE, book, day(3), today=day(4)) == day(3)  # over: judged as reported
    assert judged_through(THREE, book, day(2), today=day(2)) == day(2)
    assert round(standing(THREE, book, "clicks", day(3), today=day(3)).of_pace or 0, 9) == 1


def test_the_summary_compares_the_same_sources_and_names_the_missing() -> None:
    rows = [DailyRow(day(n), source, Figures(clicks=share)) for n in (1, 2)
            for source, share in (("WeChat", 50), ("Douyin", 30), ("Stores", 20))]
    summary = compute_summary(THREE, [*rows, DailyRow(day(3), "WeChat", Figures(clicks=50))], day(3))
    clicks = summary.metric("clicks")
    assert (clicks.today, clicks.yesterday, clicks.change) == (50, 50, 0)
    assert summary.missing_sources == ("Douyin", "Stores") and summary.reported_count == 1
    assert summary.judged_through == day(2)
    assert clicks.standing.status == PaceStatus.ON_PACE and round(clicks.of_pace or 0, 9) == 1
