"""Rates, lifts and the new-members total, shown the same on every surface: the 21:00 summary, App Home, the
review, compare and the export. Targets set and figures reported through signed requests.

Spring Sale runs May 1–31, 2026 (Asia/Shanghai). Worked out by hand, through May 2:
- conversions 100 + 100 = 200; new customers 30 + 40 = 70 → new-customer share 35%, below ≥ 40% (🔴);
- clicks 2,000 → conversion rate 10%, at least 5% (🟢); sales ¥60,000 → average order value ¥300, at least ¥300 (🟢);
- spend ¥20,000 → ROI (60,000 − 20,000) / 20,000 = 200%, below 300% (🔴);
- brand searches (1,100 + 1,500) / 2 days = 1,300 a day against 1,000 → +30%, the target +30% (🟢);
- repeat buyers only on May 1: 20 / 100 conversions that day = 20% against the 20% baseline → +0%, below +15% (🔴);
- new members 300 + 400 = 700 of 10,000 (7%); the pace by May 2 is 2/31 of it, 645 → on pace (🟢).
"""

from __future__ import annotations

import io
import json
import uuid
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from scheduler.passes import run_due
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
METADATA = ModalMetadata(campaign_id=1).dump()
LINES = [
    "🟢 New members: 700 of 10,000 (7%)",
    "🔴 New-customer share: 35% (target ≥ 40%)",
    "🟢 Conversion rate: 10% (target ≥ 5%)",
    "🟢 Average order value: ¥300 (target ≥ ¥300)",
    "🔴 ROI: 200% (target ≥ 300%)",
    "🟢 Brand searches: +30% over the baseline (1,300 a day against 1,000 a day; target +30%)",
    "🔴 Repurchase rate: +0% over the baseline (20% against 20%; target +15%)",
]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


def _report(bot: BotHarness, day: int, **figures: str) -> None:
    body = response_json(bot.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, day), **figures),
                                    private_metadata=METADATA))
    assert body == {}, body


@pytest.fixture
def reported(bot: BotHarness) -> BotHarness:
    new_campaign(bot, kpis={"sales": "200万"})
    assert bot.submit(View.KPI_TARGETS, payloads.targets_values(
        kpi_sales="200万", target_new_members="1万", target_new_customer_share="≥40%", target_conversion_rate="5%",
        target_average_order_value="¥300", target_roi="300%", target_brand_searches="+30%",
        baseline_brand_searches="1,000", target_repurchase_rate="+15%", baseline_repurchase_rate="20%",
    ), private_metadata=METADATA).text == ""
    bot.approve("1")  # after the targets: new targets send an approved campaign back for approval
    bot.clock.set(at(2, 20))
    _report(bot, 1, clicks="1000", conversions="100", sales="25000", spend="10000", new_customers="30",
            brand_searches="1100", repeat_buyers="20", new_members="300")
    _report(bot, 2, clicks="1000", conversions="100", sales="35000", spend="1万", new_customers="40",
            brand_searches="1,500", new_members="400")
    bot.standin.reset_calls()
    return bot


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line[:1] in "🟢🔴⚪"]


def test_the_summary_shows_one_line_per_rate_and_lift(reported: BotHarness) -> None:
    reported.clock.set(at(2, 21))
    run_due(reported.services, at(2, 21))
    [summary] = [post for post in reported.standin.calls_to("chat.postMessage")
                 if post["channel"] == payloads.CHANNEL and post["text"].startswith("Daily report")]
    [section] = [block for block in summary["blocks"] if block.get("block_id") == "targets"]
    assert section["text"]["text"].splitlines()[0] == "*Rates and lifts*"
    assert _lines(section["text"]["text"]) == LINES
    # The KPI lines above it are the usual ones: sales at 3% of its target, judged on the same days.
    assert "Sales, CNY (销售额): ¥60,000 of ¥2,000,000" in json.dumps(summary["blocks"], ensure_ascii=False)


def test_app_home_shows_the_same_lines(reported: BotHarness) -> None:
    body = json.dumps({**json.loads(payloads.app_home_opened("U_OWNER")), "event_id": f"Ev{uuid.uuid4().hex}"})
    assert reported.post(body, payloads.json_headers(body)).status_code == 200
    [published] = reported.standin.calls_to("views.publish")
    [campaign] = [block for block in published["view"]["blocks"] if block.get("block_id") == "home-campaign-1"]
    assert _lines(campaign["text"]["text"])[1:] == LINES  # after the sales KPI's own line


def _review(bot: BotHarness) -> dict[str, Any]:
    assert "Posting the review" in bot.command("summary").text
    [review] = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL
                and "review" in post["text"]]
    return review


def test_the_review_has_its_section_of_them(reported: BotHarness) -> None:
    review = _review(reported)
    [section] = [block for block in review["blocks"] if block.get("block_id") == "review-targets"]
    assert section["text"]["text"].splitlines()[0] == "*Rates and lifts*"
    assert _lines(section["text"]["text"]) == LINES
    pdfs = [content for content in reported.standin.uploads.values() if content.startswith(b"%PDF-")]
    assert len(pdfs) == 1  # the PDF is written from the same sections (bot.review.service.posting)


def test_compare_puts_them_side_by_side(reported: BotHarness) -> None:
    values = payloads.campaign_values(name="Autumn Sale", start=date(2026, 9, 1), end=date(2026, 9, 30))
    assert reported.submit(View.NEW_CAMPAIGN, values).text == ""
    body = response_json(reported.command('compare "Spring Sale" "Autumn Sale"', channel="C_ELSEWHERE"))
    rows = {b["text"]["text"]: [f["text"] for f in b["fields"]] for b in body["blocks"]
            if b["type"] == "section" and b.get("text") and b.get("fields")}
    assert rows["*New-customer share*"] == ["🔴 35% (target ≥ 40%): not met", "no target"]
    assert rows["*Brand searches*"] == ["🟢 +30% (target +30%): met", "no target"]
    assert rows["*New members*"] == ["🟢 700 (target 10,000): on pace", "no target"]


def test_the_export_has_a_sheet_of_them(reported: BotHarness) -> None:
    reported.command("export")
    [content] = reported.standin.uploads.values()
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    rows = list(workbook["Rates and lifts"].values)
    assert rows[0] == ("Rate or lift", "Target", "Baseline", "Actual", "Status")
    # Numbers as numbers: fractions for percents and lifts, money, counts; each with its format.
    assert [(name, target, baseline, None if actual is None else round(actual, 4), status)
            for name, target, baseline, actual, status in rows[1:]] == [
        ("New members", 10000, None, 700, "on pace"),
        ("New-customer share", 0.4, None, 0.35, "not met"),
        ("Conversion rate", 0.05, None, 0.1, "met"),
        ("Average order value", 300, None, 300, "met"),
        ("ROI", 3, None, 2, "not met"),
        ("Brand searches", 0.3, 1000, 0.3, "met"),
        ("Repurchase rate", 0.15, 0.2, 0, "not met"),
    ]
    sheet = workbook["Rates and lifts"]
    assert [sheet[f"B{row}"].number_format for row in range(2, 9)] == [
        "#,##0", "0.0%", "0.0%", "¥#,##0.00", "0.0%", "+0.0%;-0.0%;0.0%", "+0.0%;-0.0%;0.0%"]
    assert (sheet["C7"].number_format, sheet["C8"].number_format) == ("#,##0", "0.0%")
    reports = list(workbook["Daily reports"].values)
    assert reports[0][-3:] == ("New customers", "Brand searches", "Repeat buyers")
    assert sorted(row[-3:] for row in reports[1:]) == [(30, 1100, 20), (40, 1500, None)]
