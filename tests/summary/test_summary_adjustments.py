"""From the 21:00 summary after an adjustment on, each adjusted KPI is said to be back on pace or still behind, by
the same judgement as the summary's KPI lines; the review lists each adjustment with its cause, owner, budget moved
and effect. The campaign and incident are those of tests/adjustments/test_adjustments.py (clicks at 40% of pace)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from storage.models import OutboxMessage
from tests.support.adjustments import at, open_modal, pace_incident, report, submit, tick, values
from tests.support.harness import BotHarness


@pytest.fixture
def behind(bot: BotHarness) -> BotHarness:
    return pace_incident(bot)


def summary_of(bot: BotHarness, day: int) -> list[dict[str, Any]]:
    with bot.session() as session:
        row = session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "daily_summary", OutboxMessage.idempotency_key.contains(f"2026-05-0{day}"))).one()
    return json.loads(row.blocks or "[]")


def section(blocks: list[dict[str, Any]], block_id: str) -> str:
    return next(block["text"]["text"] for block in blocks if block.get("block_id") == block_id)


def kpi_line(blocks: list[dict[str, Any]], metric: str) -> str:
    text = next(b["text"]["text"] for b in blocks if b["type"] == "section" and "Against targets" in b["text"]["text"])
    return next(line for line in text.splitlines() if metric in line)


def adjusted(bot: BotHarness, **changes: Any) -> BotHarness:
    view = open_modal(bot)
    assert submit(bot, view, values(subjects=("clicks", "clicks:Douyin"), **changes)).text == ""
    return bot


def test_the_summaries_after_an_adjustment_say_still_behind_then_back_on_pace(behind: BotHarness) -> None:
    before = summary_of(behind, 2)  # the summary of May 2 came before any adjustment
    assert all(block.get("block_id") != "summary-adjustments" for block in before)
    adjusted(behind, extra="5,000", line="channel")
    report(behind, 3, "WeChat", exposure=100_000, clicks=4_000)
    report(behind, 3, "Douyin", exposure=0, clicks=0)
    tick(behind, at(3, 21))
    blocks = summary_of(behind, 3)
    lines = section(blocks, "summary-adjustments").splitlines()
    assert lines[0] == "*Adjustments*"
    assert lines[1] == "🔴 Clicks (点击量): still behind (adjusted May 3, 2026: Channel, <@U_TECH>)"
    # A source subject is judged by its KPI as a whole until the source plan gives sources shares of their own.
    assert lines[2] == "🔴 Clicks (点击量) on Douyin: still behind (adjusted May 3, 2026: Channel, <@U_TECH>)"
    assert kpi_line(blocks, "Clicks").startswith("🔴")  # the same judgement as the KPI line

    report(behind, 4, "WeChat", exposure=100_000, clicks=30_000)  # 42,000 of 40,000 expected: back on pace
    report(behind, 4, "Douyin", exposure=0, clicks=0)
    tick(behind, at(4, 21))
    blocks = summary_of(behind, 4)
    assert "🟢 Clicks (点击量): back on pace (adjusted May 3, 2026: Channel, <@U_TECH>)" in section(blocks,
                                                                                         "summary-adjustments")
    assert kpi_line(blocks, "Clicks").startswith("🟢")


def test_the_summary_says_it_in_chinese(behind: BotHarness) -> None:
    behind.command("language zh-Hans")  # the owner's language is the channel's (the campaign names none)
    adjusted(behind)
    report(behind, 3, "WeChat", exposure=100_000, clicks=4_000)
    report(behind, 3, "Douyin", exposure=0, clicks=0)
    tick(behind, at(3, 21))
    text = section(summary_of(behind, 3), "summary-adjustments")
    assert text.startswith("*调整措施*") and "点击量：仍落后" in text and "点击量 · Douyin：仍落后" in text


def test_the_review_lists_each_adjustment_with_its_effect(behind: BotHarness) -> None:
    adjusted(behind, extra="5,000", line="channel")
    report(behind, 3, "WeChat", exposure=100_000, clicks=30_000)  # 38,000 of 30,000 by May 3: back on pace
    report(behind, 3, "Douyin", exposure=0, clicks=0)
    behind.clock.set(at(3, 22))
    behind.standin.reset_calls()
    behind.command("summary")  # the review so far
    [review] = [post for post in behind.standin.calls_to("chat.postMessage") if "review" in post["text"]]
    text = next(block["text"]["text"] for block in review["blocks"] if block.get("block_id") == "review-adjustments")
    assert text.splitlines() == [
        "*Adjustments*",
        "May 3, 2026 · incident #1 · Channel: New copy and a Douyin boost — <@U_TECH>, due May 6, 2026; ¥5,000 moved "
        "to Channel promotion (渠道推广). Effect: Clicks back on pace and Clicks on Douyin back on pace",
    ]
    kpis = next(block["text"]["text"] for block in review["blocks"] if block.get("block_id") == "review-kpis")
    assert "🟢 Clicks" in kpis  # the review's own judgement of the KPI agrees
    with behind.session() as session:
        pdf = session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "review_pdf")).one()
    assert pdf.attachment and pdf.attachment.startswith(b"%PDF-")
