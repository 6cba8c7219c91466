"""The daily report (活动日报) through signed requests: setup, modal, validation, warnings, edits with history."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from storage.models import CampaignReporter, DailyReport, DailyReportRevision, ReportSource
from tests.support import payloads, scenarios
from tests.support.harness import BotHarness, response_json

SHANGHAI = ZoneInfo("Asia/Shanghai")
METADATA = ModalMetadata(campaign_id=1).dump()


@pytest.fixture
def running(bot: BotHarness) -> BotHarness:
    """An approved campaign, May 2026, with two reporters and two sources; today is May 5."""
    reporters = {"U_REP": {"tz": "Asia/Shanghai"}, "U_REP2": {"tz": "America/New_York"}}
    scenarios.running(bot, reporters=reporters, sources="WeChat\nDouyin, Stores")
    return bot


def _submit(bot: BotHarness, user: str = "U_REP", **values) -> dict:  # type: ignore[no-untyped-def]
    values.setdefault("source", "WeChat")
    return response_json(bot.submit(View.DAILY_REPORT, payloads.report_values(**values), user=user,
                                    private_metadata=METADATA))


def _reports(bot: BotHarness) -> list[DailyReport]:
    with bot.session() as session:
        return list(session.scalars(select(DailyReport).order_by(DailyReport.id)))


def test_setup_stores_reporters_with_their_zones_and_sources(running: BotHarness) -> None:
    with running.session() as session:
        reporters = {r.user_id: r for r in session.scalars(select(CampaignReporter))}
        sources = session.scalars(select(ReportSource.name).order_by(ReportSource.position)).all()
    assert set(reporters) == {"U_REP", "U_REP2"} and reporters["U_REP2"].tz == "America/New_York"
    assert reporters["U_REP"].next_prompt_at == datetime(2026, 5, 1, 17, 0, tzinfo=SHANGHAI)
    assert sources == ["WeChat", "Douyin", "Stores"]


def test_report_command_opens_the_modal_with_contract_labels(running: BotHarness) -> None:
    running.command("report", user="U_REP")
    view = running.standin.calls_to("views.open")[0]["view"]
    labels = " | ".join(block["label"]["text"] for block in view["blocks"] if block["type"] == "input")
    for word in ("Date", "Exposure", "Clicks", "Participants", "Conversions", "Sales", "Spend", "Feedback"):
        assert word in labels
    day = next(block for block in view["blocks"] if block.get("block_id") == Field.REPORT_DAY)
    assert day["element"]["initial_date"] == "2026-05-05"  # today in the reporter's zone
    source = next(block for block in view["blocks"] if block.get("block_id") == Field.REPORT_SOURCE)
    assert [o["value"] for o in source["element"]["options"]] == ["WeChat", "Douyin", "Stores"]


def test_a_report_is_saved_with_numbers_read_exactly(running: BotHarness) -> None:
    body = _submit(running, exposure="1.2万", clicks="3.5k", participants="800", conversions="120",
                   sales="¥12,345.60", spend="5000", new_members="30", feedback="包装很好", feedback_type="praise")
    assert body == {}
    [report] = _reports(running)
    assert (report.day, report.source, report.reporter_id) == (date(2026, 5, 5), "WeChat", "U_REP")
    assert (report.exposure, report.clicks, report.participants, report.conversions) == (12000, 3500, 800, 120)
    assert (report.sales, report.spend, report.new_members) == (Decimal("12345.60"), Decimal("5000.00"), 30)
    assert (report.feedback, report.feedback_type) == ("包装很好", "praise")
    [dm] = running.standin.calls_to("chat.postMessage")
    assert dm["channel"] == "U_REP" and "Saved your WeChat report for May 5, 2026" in dm["text"]


@pytest.mark.parametrize(
    ("values", "field", "says"),
    [
        ({"exposure": "-5"}, Field.EXPOSURE, "can't be negative"),
        ({"clicks": "lots"}, Field.CLICKS, "isn't a number"),
        ({"participants": "2.5"}, Field.PARTICIPANTS, "whole number"),
        ({"sales": "1.234"}, Field.SALES, "two decimal places"),
        ({"day": date(2026, 5, 6), "exposure": "1"}, Field.REPORT_DAY, "hasn't happened yet"),
        ({"day": date(2026, 4, 30), "exposure": "1"}, Field.REPORT_DAY, "Pick a day of the campaign"),
        ({"feedback": "slow delivery"}, Field.FEEDBACK_TYPE, "suggestion, a complaint or praise"),
        ({}, Field.EXPOSURE, "The report is empty"),
    ],
)
def test_every_mistake_is_answered_on_its_field(running: BotHarness, values: dict, field: str, says: str) -> None:
    body = _submit(running, **values)
    assert body["response_action"] == "errors" and says in body["errors"][field]
    assert _reports(running) == []


def test_contradicting_figures_are_a_warning_the_reporter_can_confirm(running: BotHarness) -> None:
    body = _submit(running, exposure="100", clicks="250")
    assert body["response_action"] == "update"
    text = json.dumps(body["view"]["blocks"], ensure_ascii=False)
    assert "Clicks (250) are higher than exposure (100)" in text
    clicks = next(b for b in body["view"]["blocks"] if b.get("block_id") == Field.CLICKS)
    assert clicks["element"]["initial_value"] == "250"  # what was typed is kept
    assert _reports(running) == []
    assert _submit(running, exposure="100", clicks="250", confirm=True) == {}
    assert _reports(running)[0].clicks == 250


def test_submitting_again_updates_and_keeps_the_history(running: BotHarness) -> None:
    _submit(running, exposure="1000", clicks="100")
    running.clock.set(datetime(2026, 5, 5, 20, 0, tzinfo=SHANGHAI))
    _submit(running, exposure="1500", clicks="100")
    [report] = _reports(running)
    assert report.exposure == 1500
    with running.session() as session:
        [revision] = session.scalars(select(DailyReportRevision)).all()
    assert json.loads(revision.figures)["exposure"] == 1000 and revision.changed_by == "U_REP"
    assert "Updated your WeChat report" in running.standin.calls_to("chat.postMessage")[-1]["text"]
    _submit(running, exposure="1500", clicks="100", source="Douyin")
    with running.session() as session:
        assert session.scalar(select(func.count()).select_from(DailyReport)) == 2  # another source, another row


def test_backfill_within_the_window(running: BotHarness) -> None:
    assert _submit(running, day=date(2026, 5, 1), exposure="10") == {}
    assert _reports(running)[0].day == date(2026, 5, 1)


def test_only_reporters_owner_or_admin_may_report(running: BotHarness) -> None:
    running.standin.add_user("U_STRANGER", is_admin=False)
    response = running.command("report", user="U_STRANGER")
    assert "Only the reporters of *Spring Sale*" in response.text
    body = _submit(running, user="U_STRANGER", exposure="1")
    assert "Only the reporters" in body["errors"][Field.REPORT_DAY]
    assert _submit(running, user="U_OWNER", exposure="1") == {}


def test_only_the_owner_sets_up_reporting(running: BotHarness) -> None:
    running.standin.add_user("U_STRANGER", is_admin=False)
    running.click(Action.OPEN_REPORTING_SETUP, "1", user="U_STRANGER")
    assert running.standin.calls_to("views.open") == []
    running.click(Action.OPEN_REPORTING_SETUP, "1", user="U_OWNER")
    [opened] = running.standin.calls_to("views.open")
    reporters = next(b for b in opened["view"]["blocks"] if b.get("block_id") == Field.REPORTERS)
    assert reporters["element"]["initial_users"] == ["U_REP", "U_REP2"]
