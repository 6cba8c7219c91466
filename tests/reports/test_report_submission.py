"""The report-submission use case on its own: answered before Slack hears of it, nothing saved when refused, and
the pace check after it never fails the reporter. (End to end: tests/reports/test_reports.py.)"""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import NotAllowed
from bot.kernel.forms import FormRejected
from bot.kernel.ids import View
from bot.kernel.policy import Actor
from bot.reports.blocks import read_report_form
from bot.reports.flows import submission as report_submission
from storage.models import DailyReport, OutboxMessage
from tests.support import payloads, scenarios
from tests.support.harness import BotHarness

SHANGHAI = ZoneInfo("Asia/Shanghai")
METADATA = ModalMetadata(campaign_id=1).dump()


@pytest.fixture
def running(bot: BotHarness) -> BotHarness:
    """An approved campaign, May 2026, U_REP reports for it from WeChat; today is May 5."""
    scenarios.running(bot, reporters={"U_REP": {"tz": "Asia/Shanghai"}}, sources="WeChat")
    return bot


def _submit(bot: BotHarness, answers: list[str], **values: Any) -> Any:
    values.setdefault("source", "WeChat")
    form = read_report_form({"state": {"values": payloads.report_values(**values)}})

    def answer() -> None:  # what the modal's ack sees: how many messages Slack had been sent by then
        answers.append(f"answered after {len(bot.standin.calls_to('chat.postMessage'))} messages")

    return report_submission.submit_report(bot.services, campaign_id=1, form=form, metadata=METADATA,
                                           actor=Actor("U_REP", team_id=payloads.TEAM), locale="en", answer=answer)


def _reports(bot: BotHarness) -> list[DailyReport]:
    with bot.session() as session:
        return list(session.scalars(select(DailyReport)))


def test_a_saved_report_is_answered_before_its_receipt_is_delivered(running: BotHarness) -> None:
    answers: list[str] = []
    assert _submit(running, answers, exposure="1000", clicks="100") is None
    assert answers == ["answered after 0 messages"]
    [report] = _reports(running)
    assert (report.day, report.source, report.exposure) == (date(2026, 5, 5), "WeChat", 1000)
    [receipt] = running.standin.calls_to("chat.postMessage")
    assert receipt["channel"] == "U_REP" and "WeChat" in receipt["text"]


def test_contradicting_figures_come_back_as_a_view_and_save_nothing(running: BotHarness) -> None:
    answers: list[str] = []
    view = _submit(running, answers, exposure="100", clicks="250")
    assert view is not None and "Clicks (250) are higher than exposure (100)" in str(view.to_dict())
    assert answers == [] and _reports(running) == []
    assert running.standin.calls_to("chat.postMessage") == []


def test_a_mistake_on_the_form_is_refused_field_by_field(running: BotHarness) -> None:
    answers: list[str] = []
    with pytest.raises(FormRejected) as refused:
        _submit(running, answers, day=date(2026, 5, 6), exposure="1000")
    assert [(error.field, error.key) for error in refused.value.errors] == [("report_day", "reports.error.future")]
    assert answers == [] and _reports(running) == []
    with running.session() as session:
        assert session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "report_receipt")).all() == []


def test_someone_who_does_not_report_gets_no_modal(running: BotHarness) -> None:
    with pytest.raises(NotAllowed):
        report_submission.report_view(running.services, campaign_id=1, actor=Actor("U_STRANGER",
                                                                                   team_id=payloads.TEAM))
    view = report_submission.report_view(running.services, campaign_id=1, actor=Actor("U_REP", team_id=payloads.TEAM))
    assert view.callback_id == View.DAILY_REPORT


def test_the_pace_check_after_a_report_never_fails_the_reporter(running: BotHarness,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    report_submission.check_pace_after_report(running.services, campaign_id=999)  # gone: logged, not raised
    assert "pace check after a report on campaign 999 failed" in caplog.text
