"""Hostile round 3, the high finding, through the scheduler: one campaign's failure stops nobody else's 21:00.

A campaign renamed `Promo $\\foo$` (a rename keeps the approval) made the chart's `savefig` raise inside the
daily summaries' batch: the batch rolled back, the same campaign came first again every minute, and no campaign of
the workspace had its summary again. Now user text is drawn as typed, and a campaign whose work fails for any
other reason is rolled back alone, logged once (without its text), held back with a growing delay, named on
/metrics, and served once the failure is gone.
"""

from __future__ import annotations

import io
import json
from concurrent.futures import Future
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.kernel import batches as due_batches
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.chart_pool import ChartPool, Drawing
from bot.kernel.ids import View
from bot.review.service import posting as review_posting
from bot.summary import scheduled as daily_summaries
from bot.summary import scheduled as daily_summary_service
from bot.summary.render.labels import ChartLabels
from scheduler.passes import run_due
from storage.models import Campaign, DailyReport, HeldRow
from tests.runtime.test_json_logs import entries
from tests.runtime.test_metrics import scrape, value
from tests.support import payloads
from tests.support.harness import BotHarness

SHANGHAI = ZoneInfo("Asia/Shanghai")
HOSTILE = "Promo $\\foo$"
CAMPAIGNS = {1: ("Spring Sale", payloads.CHANNEL), 2: ("Summer Sale", "C_SUMMER"), 3: ("Autumn Sale", "C_AUTUMN")}
PNG = b"\x89PNG\r\n\x1a\n"


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=SHANGHAI)


@pytest.fixture
def three(bot: BotHarness) -> BotHarness:
    """Three approved May campaigns in three channels, each with an exposure target and reports on May 1 and 2,
    so each one's 21:00 summary on May 2 comes with a chart."""
    bot.standin.add_user("U_REP", tz="Asia/Shanghai")
    for campaign_id, (name, channel) in CAMPAIGNS.items():
        assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values(name=name, channel=channel,
                                                                      kpis={"exposure": "310万"})).text == ""
        bot.approve(str(campaign_id))
        assert bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_REP"], sources="WeChat"),
                          private_metadata=ModalMetadata(campaign_id=campaign_id).dump()).text == ""
        with bot.session() as session:
            for day in (1, 2):
                session.add(DailyReport(campaign_id=campaign_id, day=date(2026, 5, day), source="WeChat",
                                        reporter_id="U_REP", created_at=at(day, 20), updated_at=at(day, 20),
                                        exposure=90_000 + campaign_id))
    return bot


def _tick(bot: BotHarness, when: datetime) -> None:
    bot.clock.set(when)
    run_due(bot.services, when)


def _summaries(bot: BotHarness) -> dict[str, int]:
    """Channel → daily summaries posted there."""
    found: dict[str, int] = {}
    for post in bot.standin.calls_to("chat.postMessage"):
        if post["text"].startswith("Daily report"):
            found[post["channel"]] = found.get(post["channel"], 0) + 1
    return found


def _charts(bot: BotHarness) -> dict[str, int]:
    found: dict[str, int] = {}
    for upload in bot.standin.calls_to("files.completeUploadExternal"):
        found[upload["channel_id"]] = found.get(upload["channel_id"], 0) + 1
    return found


def _held(bot: BotHarness) -> list[tuple[str, int, int | None, int, datetime]]:
    with bot.session() as session:
        return [(mark.pass_name, mark.row_id, mark.campaign_id, mark.failures, mark.next_retry_at)
                for mark in session.scalars(select(HeldRow))]


def test_a_campaign_renamed_with_dollars_gets_its_summary_and_so_does_everyone_else(three: BotHarness) -> None:
    bot = three
    assert bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(name=HOSTILE, channel="C_SUMMER",
                                                                   kpis={"exposure": "310万"}),
                      private_metadata=ModalMetadata(campaign_id=2).dump()).text == ""
    with bot.session() as session:
        renamed = session.get_one(Campaign, 2)
        assert (renamed.name, renamed.status) == (HOSTILE, "approved")  # the rename kept the approval
    _tick(bot, at(2, 20, 59))
    bot.standin.reset_calls()
    _tick(bot, at(2, 21, 0))
    channels = [channel for _, channel in CAMPAIGNS.values()]
    assert _summaries(bot) == {channel: 1 for channel in channels}
    assert _charts(bot) == {channel: 1 for channel in channels}
    assert all(png.startswith(PNG) for png in bot.standin.uploads.values())
    [summary] = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "C_SUMMER"
                 and post["text"].startswith("Daily report")]
    assert summary["blocks"][0]["text"]["text"] == f"Daily report · {HOSTILE}"
    assert _held(bot) == []


class FailingFor(ChartPool):
    """The real chart pool, except that the chart of the campaign whose title names `name` fails to draw (for a
    reason that has nothing to do with mathtext) while `failing` is true."""

    def __init__(self, real: ChartPool, name: str) -> None:
        super().__init__(workers=1)
        self.real, self.name, self.failing = real, name, True

    def submit(self, drawing: Drawing, *args: object) -> Future[bytes]:
        series, labels, locale = args
        assert isinstance(labels, ChartLabels)
        if self.failing and labels.title is not None and self.name in labels.title.text:
            future: Future[bytes] = Future()
            future.set_exception(MemoryError(f"cannot draw {labels.title.text}"))  # the message quotes the name
            return future
        return self.real.submit(drawing, series, labels, locale)


def _failures(samples: dict[Any, float]) -> float:
    return value(samples, "campaignbot_scheduler_row_failures_total", pass_name="daily_summaries")


def test_a_campaign_whose_chart_cannot_be_drawn_is_held_back_alone_and_served_once_it_can(
        three: BotHarness, monkeypatch: pytest.MonkeyPatch, json_log: io.StringIO) -> None:
    bot = three
    pool = FailingFor(bot.services.charts, "Summer Sale")
    monkeypatch.setattr(bot.services, "charts", pool)
    _tick(bot, at(2, 20, 59))
    bot.standin.reset_calls()
    _tick(bot, at(2, 21, 0))
    # The others are delivered; Summer Sale's summary went back with its chart: nothing half-said.
    assert _summaries(bot) == {payloads.CHANNEL: 1, "C_AUTUMN": 1}
    assert _charts(bot) == {payloads.CHANNEL: 1, "C_AUTUMN": 1}
    assert _held(bot) == [("daily_summaries", 2, 2, 1, at(2, 21, 1))]
    errors = [entry for entry in entries(json_log) if entry["level"] == "ERROR"]
    assert len(errors) == 1
    [error] = errors
    assert error["campaign_id"] == 2 and "daily_summaries" in error["message"] and "MemoryError" in error["message"]
    assert "Summer Sale" not in json.dumps(errors, ensure_ascii=False)  # the error's message quoted it
    samples = scrape(bot)
    assert _failures(samples) == 1
    assert value(samples, "campaignbot_scheduler_held_rows", pass_name="daily_summaries", campaign_id="2") == 1

    _tick(bot, at(2, 21, 0) .replace(second=30))  # held back: not tried again before 21:01
    assert _held(bot)[0][3] == 1 and _failures(scrape(bot)) == 1
    _tick(bot, at(2, 21, 1))  # tried again, fails again: the wait doubles
    assert _held(bot) == [("daily_summaries", 2, 2, 2, at(2, 21, 3))]
    assert _failures(scrape(bot)) == 2
    _tick(bot, at(2, 21, 2))
    assert _held(bot)[0][3] == 2
    assert _summaries(bot) == {payloads.CHANNEL: 1, "C_AUTUMN": 1}  # nobody else's summary said twice

    pool.failing = False
    _tick(bot, at(2, 21, 3))
    assert _summaries(bot) == {payloads.CHANNEL: 1, "C_AUTUMN": 1, "C_SUMMER": 1}
    assert _charts(bot) == {payloads.CHANNEL: 1, "C_AUTUMN": 1, "C_SUMMER": 1}
    assert _held(bot) == []
    samples = scrape(bot)
    assert value(samples, "campaignbot_scheduler_held_rows", pass_name="daily_summaries", campaign_id="2") == 0
    assert _failures(samples) == 2


def test_rows_that_fail_before_their_chart_fill_no_batch_for_ever(
        three: BotHarness, monkeypatch: pytest.MonkeyPatch, json_log: io.StringIO) -> None:
    """Two of three campaigns fail inside their own work (not the chart), with batches of two: each failure is
    rolled back alone, the loop ends, and the third campaign is still reached in the same pass."""
    bot = three
    monkeypatch.setattr(daily_summaries, "BATCH", 2)
    real = daily_summary_service.summarise

    def summarise(services: Any, session: Any, campaign: Campaign, *args: Any, **kwargs: Any) -> int:
        said = real(services, session, campaign, *args, **kwargs)  # its outbox rows are written, then it fails
        if campaign.id in (1, 2):
            raise KeyError(campaign.name)
        return said

    monkeypatch.setattr(daily_summary_service, "summarise", summarise)
    _tick(bot, at(2, 20, 59))
    bot.standin.reset_calls()
    _tick(bot, at(2, 21, 0))
    assert _summaries(bot) == {"C_AUTUMN": 1}
    assert _charts(bot) == {"C_AUTUMN": 1}
    assert sorted(mark[:4] for mark in _held(bot)) == [("daily_summaries", 1, 1, 1), ("daily_summaries", 2, 2, 1)]
    errors = [entry for entry in entries(json_log) if entry["level"] == "ERROR"]
    assert sorted(entry["campaign_id"] for entry in errors) == [1, 2]
    assert not any(name in json.dumps(errors, ensure_ascii=False) for name, _ in CAMPAIGNS.values())
    with bot.session() as session:
        assert session.get_one(Campaign, 1).next_summary_at == at(2, 21)  # its moment is still owed

    monkeypatch.setattr(daily_summary_service, "summarise", real)
    _tick(bot, at(2, 21, 1))
    assert _summaries(bot) == {payloads.CHANNEL: 1, "C_SUMMER": 1, "C_AUTUMN": 1}
    assert _held(bot) == []


def test_the_wait_doubles_up_to_an_hour() -> None:
    assert [due_batches.retry_delay(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    assert due_batches.retry_delay(10_000).total_seconds() == 3600


def test_a_batch_still_commits_as_one(three: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Savepoints isolate rows inside the batch's one transaction: when the batch itself fails after its rows went
    through (here its `finish`), none of them is kept. On SQLite this needs the transaction begun before the first
    savepoint, or each savepoint's release would commit its row."""
    bot = three

    def broken_finish(self: daily_summary_service.Summaries, session: Any) -> int:
        raise RuntimeError("the batch's own step fails")

    _tick(bot, at(2, 20, 59))
    bot.standin.reset_calls()
    monkeypatch.setattr(daily_summary_service.Summaries, "finish", broken_finish)
    _tick(bot, at(2, 21, 0))
    assert _summaries(bot) == {}
    with bot.session() as session:
        assert [campaign.next_summary_at for campaign in session.scalars(select(Campaign))] == [at(2, 21)] * 3
    assert _held(bot) == []  # a failure of the batch, not of a row: the pass fails and is run again next minute


def test_a_review_that_cannot_be_drawn_holds_back_only_its_campaigns_end(
        three: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    """The lifecycle pass (start, end, review, satisfaction question) isolates its campaigns the same way: the review
    drawn at 10:00 after the end fails for one campaign; the others' reviews are posted, its own once it draws."""
    bot = three
    real = review_posting.render_files

    def render_files(package: Any, **kwargs: Any) -> tuple[bytes, bytes]:
        if package.subject.name == "Summer Sale":
            raise OverflowError("a review too big to draw")
        return real(package, **kwargs)

    _tick(bot, at(1, 0))
    _tick(bot, datetime(2026, 6, 1, 0, 0, tzinfo=SHANGHAI))
    monkeypatch.setattr(review_posting, "render_files", render_files)
    bot.standin.reset_calls()
    _tick(bot, datetime(2026, 6, 1, 10, 0, tzinfo=SHANGHAI))
    reviews = {post["channel"] for post in bot.standin.calls_to("chat.postMessage")
               if post["text"].startswith("The review")}
    assert reviews == {payloads.CHANNEL, "C_AUTUMN"}
    assert [mark[:4] for mark in _held(bot)] == [("campaign_events", 2, 2, 1)]
    monkeypatch.setattr(review_posting, "render_files", real)
    _tick(bot, datetime(2026, 6, 1, 10, 1, tzinfo=SHANGHAI))
    reviews = [post["channel"] for post in bot.standin.calls_to("chat.postMessage")
               if post["text"].startswith("The review")]
    assert sorted(reviews) == sorted([payloads.CHANNEL, "C_AUTUMN", "C_SUMMER"])
    assert _held(bot) == []


def test_a_held_row_that_is_no_longer_due_is_let_go(three: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    """Held back, then cancelled before its retry: nothing is owed any more, so the mark (and /metrics) forget it."""
    bot = three
    monkeypatch.setattr(bot.services, "charts", FailingFor(bot.services.charts, "Summer Sale"))
    _tick(bot, at(2, 20, 59))
    _tick(bot, at(2, 21, 0))
    assert [mark[:4] for mark in _held(bot)] == [("daily_summaries", 2, 2, 1)]
    with bot.session() as session:
        session.get_one(Campaign, 2).next_summary_at = None  # as a cancelled campaign's
    _tick(bot, at(2, 21, 0).replace(second=30))  # still held back: kept
    assert len(_held(bot)) == 1
    _tick(bot, at(2, 21, 1))
    assert _held(bot) == []
    assert value(scrape(bot), "campaignbot_scheduler_held_rows", pass_name="daily_summaries", campaign_id="2") == 0
