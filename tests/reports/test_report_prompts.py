"""Daily report prompts at report time in each reporter's zone, one nudge for those who have not reported."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, View
from scheduler.passes import run_due
from tests.support import payloads
from tests.support.harness import BotHarness
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def reporting(bot: BotHarness) -> BotHarness:
    running(bot, reporters={"U_REP": {"tz": "Asia/Shanghai"}, "U_NY": {"tz": "America/New_York"}},
            started=True, now=None)  # the campaign starts running on May 1
    return bot


def _tick(bot: BotHarness, when: datetime) -> None:
    bot.clock.set(when)
    run_due(bot.services, when)


def _dms(bot: BotHarness, user: str) -> list[dict]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == user]


def test_prompt_at_report_time_in_each_reporters_zone(reporting: BotHarness) -> None:
    _tick(reporting, datetime(2026, 5, 1, 16, 59, tzinfo=SHANGHAI))
    assert _dms(reporting, "U_REP") == []
    _tick(reporting, datetime(2026, 5, 1, 17, 0, tzinfo=SHANGHAI))
    [prompt] = _dms(reporting, "U_REP")
    assert "Time for today's report for *Spring Sale* (May 1, 2026)" in prompt["text"]
    button = next(e for b in prompt["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert (button["action_id"], button["value"]) == (Action.OPEN_REPORT, "1")
    assert _dms(reporting, "U_NY") == []  # 17:00 in New York is 05:00 the next day in Shanghai
    _tick(reporting, datetime(2026, 5, 1, 17, 0, tzinfo=NEW_YORK))
    assert len(_dms(reporting, "U_NY")) == 1
    _tick(reporting, datetime(2026, 5, 1, 17, 0, tzinfo=NEW_YORK))
    assert len(_dms(reporting, "U_NY")) == 1


def test_one_nudge_two_hours_later_only_for_those_who_have_not_reported(reporting: BotHarness) -> None:
    _tick(reporting, datetime(2026, 5, 1, 17, 0, tzinfo=SHANGHAI))
    reporting.clock.set(datetime(2026, 5, 1, 18, 0, tzinfo=SHANGHAI))
    reporting.click(Action.OPEN_REPORT, "1", user="U_REP")
    assert reporting.standin.calls_to("views.open")
    body = reporting.submit(View.DAILY_REPORT, payloads.report_values(day=datetime(2026, 5, 1).date(), exposure="5"),
                            user="U_REP", private_metadata=ModalMetadata(campaign_id=1).dump())
    assert body.text == ""
    _tick(reporting, datetime(2026, 5, 1, 19, 0, tzinfo=SHANGHAI))
    texts = [post["text"] for post in _dms(reporting, "U_REP")]
    assert not any("haven't seen your report" in text for text in texts)
    _tick(reporting, datetime(2026, 5, 1, 17, 0, tzinfo=NEW_YORK))  # passes run every minute: the prompt on time
    _tick(reporting, datetime(2026, 5, 1, 19, 0, tzinfo=NEW_YORK))
    ny = [post["text"] for post in _dms(reporting, "U_NY")]
    assert sum("haven't seen your report for *Spring Sale* today (May 1, 2026)" in text for text in ny) == 1


def test_no_prompts_before_the_campaign_runs(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.standin.add_user("U_REP", tz="Asia/Shanghai")
    bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_REP"]),
               private_metadata=ModalMetadata(campaign_id=1).dump())
    _tick(bot, datetime(2026, 5, 1, 17, 0, tzinfo=SHANGHAI))  # still a draft: nothing scheduled
    assert _dms(bot, "U_REP") == []


# --- no prompt when the figures are all in (no noise) ---

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
