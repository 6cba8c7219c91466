"""No 17:00 prompt to a reporter whose figures for the day are all in (issue 17: no noise)."""

from __future__ import annotations

from datetime import date, datetime

from bot.blocks.metadata import ModalMetadata
from bot.ids import View
from tests.scheduler.test_report_prompts import SHANGHAI, _dms, _tick, reporting  # noqa: F401  (the fixture)
from tests.support import payloads
from tests.support.harness import BotHarness


def _report(bot: BotHarness, user: str, day: date, source: str = "All") -> None:
    body = bot.submit(View.DAILY_REPORT, payloads.report_values(day=day, source=source, exposure="5"), user=user,
                      private_metadata=ModalMetadata(campaign_id=1).dump())
    assert body.text == ""


def test_no_prompt_for_a_reporter_whose_figures_are_in(reporting: BotHarness) -> None:
    reporting.clock.set(datetime(2026, 5, 1, 15, 0, tzinfo=SHANGHAI))
    _report(reporting, "U_REP", date(2026, 5, 1))  # in before 17:00
    reporting.standin.reset_calls()
    _tick(reporting, datetime(2026, 5, 1, 17, 0, tzinfo=SHANGHAI))
    _tick(reporting, datetime(2026, 5, 1, 19, 0, tzinfo=SHANGHAI))
    assert _dms(reporting, "U_REP") == []  # neither the prompt nor the nudge
    # The next day nothing is in yet: the prompt comes as usual.
    _tick(reporting, datetime(2026, 5, 2, 17, 0, tzinfo=SHANGHAI))
    [prompt] = _dms(reporting, "U_REP")
    assert "May 2, 2026" in prompt["text"]


def test_a_reporter_with_one_usual_source_still_missing_is_prompted(reporting: BotHarness) -> None:
    reporting.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_REP", "U_NY"],
                                                                     sources="WeChat\nDouyin"),
                     private_metadata=ModalMetadata(campaign_id=1).dump())
    reporting.clock.set(datetime(2026, 5, 1, 15, 0, tzinfo=SHANGHAI))
    _report(reporting, "U_REP", date(2026, 5, 1), "WeChat")  # a first report: every source is expected
    reporting.standin.reset_calls()
    _tick(reporting, datetime(2026, 5, 1, 17, 0, tzinfo=SHANGHAI))
    assert len(_dms(reporting, "U_REP")) == 1  # Douyin is not in
    reporting.clock.set(datetime(2026, 5, 1, 20, 0, tzinfo=SHANGHAI))
    _report(reporting, "U_REP", date(2026, 5, 1), "Douyin")
    reporting.clock.set(datetime(2026, 5, 2, 16, 0, tzinfo=SHANGHAI))
    _report(reporting, "U_REP", date(2026, 5, 2), "WeChat")
    reporting.standin.reset_calls()
    _tick(reporting, datetime(2026, 5, 2, 17, 0, tzinfo=SHANGHAI))
    assert len(_dms(reporting, "U_REP")) == 1  # WeChat in, Douyin (reported yesterday) not yet
    reporting.clock.set(datetime(2026, 5, 3, 16, 0, tzinfo=SHANGHAI))
    _report(reporting, "U_REP", date(2026, 5, 3), "WeChat")
    _report(reporting, "U_REP", date(2026, 5, 3), "Douyin")
    reporting.standin.reset_calls()
    _tick(reporting, datetime(2026, 5, 3, 17, 0, tzinfo=SHANGHAI))
    assert _dms(reporting, "U_REP") == []  # both in: no prompt
