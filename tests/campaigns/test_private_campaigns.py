"""Private campaigns and the review's people, end to end through signed requests:
a private channel's campaign answers only its members and admins; only the campaign's people post the review, and
not twice within minutes; a long import's Confirm is acknowledged before the work and the outcome reaches the person.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from starlette.testclient import TestClient

from bot.imports.service import tables as import_service
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from bot.runtime.app import create_app
from bot.runtime.http_server import EVENTS_PATH, build_asgi
from sandbox.records import Channel
from storage.models import OutboxMessage, TableImport, Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import running

SHANGHAI = ZoneInfo("Asia/Shanghai")
METADATA = ModalMetadata(campaign_id=1).dump()
PRIVATE_REFUSAL = "*Spring Sale* belongs to a private channel: only that channel's members and workspace admins"


def _campaign(bot: BotHarness) -> None:
    """Spring Sale in C_CAMPAIGN, approved, U_REP reporting, on its third day."""
    bot.standin.add_member("U_REP", "Rui Peng")
    bot.standin.add_user("U_OUTSIDER", is_admin=False)
    bot.standin.add_user("U_MEMBER", is_admin=False)
    bot.standin.add_user("U_ADMIN", is_admin=True)
    running(bot, reporters=["U_REP"], now=datetime(2026, 5, 3, 20, 0, tzinfo=SHANGHAI), reset_calls=False)
    assert bot.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 2), exposure="1000",
                                                                participants="200", conversions="50"),
                      user="U_REP", private_metadata=METADATA).text == ""
    bot.standin.reset_calls()


def _make_private(bot: BotHarness, *members: str) -> None:
    bot.standin.store.put_channel(Channel(id=payloads.CHANNEL, name="spring-sale", is_private=True), members=members)


def _reviews_enqueued(bot: BotHarness) -> int:
    with bot.session() as session:
        return session.scalar(select(func.count()).select_from(OutboxMessage)
                              .where(OutboxMessage.kind == "review")) or 0


# --- 8: a private channel's campaign answers only its members and admins ---------------------------------------

READS = ["status Spring Sale", "tasks all Spring Sale", "summary Spring Sale", "export Spring Sale",
         "history Spring Sale"]


@pytest.mark.parametrize("command", READS)
def test_a_private_channels_campaign_refuses_outsiders(bot: BotHarness, command: str) -> None:
    _campaign(bot)
    _make_private(bot, "U_OWNER", "U_REP", "U_MEMBER")
    response = bot.command(command, user="U_OUTSIDER", channel="C_OTHER")
    assert PRIVATE_REFUSAL in response.text
    assert "Blossom" not in response.text and "1,000" not in response.text  # nothing of the campaign shown
    assert bot.standin.calls_to("files.completeUploadExternal") == []  # no workbook
    assert _reviews_enqueued(bot) == 0  # no review posted
    assert bot.standin.calls_to("conversations.members")  # asked of Slack, not guessed


@pytest.mark.parametrize("command", READS)
def test_a_private_channels_campaign_answers_its_members_and_admins(bot: BotHarness, command: str) -> None:
    _campaign(bot)
    _make_private(bot, "U_OWNER", "U_REP", "U_MEMBER")
    for user in ("U_REP", "U_ADMIN"):  # a member (the reporter) and an admin outside the channel
        bot.clock.set(bot.clock.now() + timedelta(minutes=15))  # past the review's repeat window
        response = bot.command(command, user=user, channel="C_OTHER")
        assert "private channel" not in response.text, (user, response.text)
    if command.startswith("export"):
        assert len(bot.standin.calls_to("files.completeUploadExternal")) == 2


def test_a_member_who_is_not_the_owner_reads_the_card_and_table(bot: BotHarness) -> None:
    _campaign(bot)
    _make_private(bot, "U_OWNER", "U_MEMBER")
    assert "Spring Sale" in bot.command("status", user="U_MEMBER").text
    assert "private channel" not in bot.command("tasks all", user="U_MEMBER").text


def test_a_public_channels_campaign_still_answers_anyone(bot: BotHarness) -> None:
    _campaign(bot)
    response = bot.command("status Spring Sale", user="U_OUTSIDER", channel="C_OTHER")
    assert "private channel" not in response.text and "Spring Sale" in response.text
    assert bot.standin.calls_to("conversations.members") == []  # a public channel needs no member list


def test_membership_is_cached_briefly(bot: BotHarness) -> None:
    _campaign(bot)
    _make_private(bot, "U_OWNER", "U_MEMBER")
    for _ in range(3):
        assert "private channel" not in bot.command("status", user="U_MEMBER").text
    assert PRIVATE_REFUSAL in bot.command("status Spring Sale", user="U_OUTSIDER", channel="C_OTHER").text
    assert len(bot.standin.calls_to("conversations.members")) == 1
    bot.standin.store.add_member(payloads.CHANNEL, "U_OUTSIDER")  # invited to the channel
    bot.clock.set(bot.clock.now() + timedelta(minutes=2))  # the cached list expired
    assert "private channel" not in bot.command("status Spring Sale", user="U_OUTSIDER", channel="C_OTHER").text
    assert len(bot.standin.calls_to("conversations.members")) == 2


# --- 9: only the campaign's people post the review, and not again within minutes --------------------------------


def test_only_the_campaigns_people_post_the_review(bot: BotHarness) -> None:
    _campaign(bot)
    response = bot.command("summary", user="U_OUTSIDER")
    assert "Only the people of *Spring Sale*" in response.text
    assert _reviews_enqueued(bot) == 0
    assert "Only the people" not in bot.command("summary", user="U_REP").text  # a reporter is one of them
    assert _reviews_enqueued(bot) == 1


def test_a_repeat_within_minutes_answers_with_a_link_to_the_last_review(bot: BotHarness) -> None:
    _campaign(bot)
    bot.command("summary", user="U_OWNER")
    assert _reviews_enqueued(bot) == 1
    [posted] = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == payloads.CHANNEL]
    with bot.session() as session:
        ts = session.scalar(select(OutboxMessage.message_ts).where(OutboxMessage.kind == "review"))
    assert ts
    for minutes in (1, 5, 9):
        bot.clock.set(bot.clock.now() + timedelta(minutes=1 if minutes == 1 else 4))
        response = bot.command("summary", user="U_REP")
        assert "was posted in its channel a few minutes ago" in response.text
        assert f"https://slack.com/archives/{payloads.CHANNEL}/p{ts.replace('.', '')}" in response.text
    assert _reviews_enqueued(bot) == 1
    assert len(bot.standin.calls_to("files.completeUploadExternal")) == 2  # the chart and the PDF, once
    bot.clock.set(bot.clock.now() + timedelta(minutes=11))
    bot.command("summary", user="U_OWNER")
    assert _reviews_enqueued(bot) == 2
    assert posted["channel"] == payloads.CHANNEL


def test_simultaneous_summaries_post_the_review_once(bot: BotHarness) -> None:
    _campaign(bot)
    body = payloads.slash_command("summary", user="U_OWNER", channel=payloads.CHANNEL)
    start = threading.Barrier(3)
    statuses: list[int] = []

    def ask() -> None:
        client = TestClient(build_asgi(bot.app))
        start.wait()
        statuses.append(client.post(EVENTS_PATH, content=body, headers=payloads.signed_headers(body)).status_code)

    threads = [threading.Thread(target=ask) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [200] * 3
    assert _reviews_enqueued(bot) == 1
    assert len(bot.standin.calls_to("files.completeUploadExternal")) == 2  # one chart, one PDF


# --- 11: a long import's Confirm is acknowledged first ---------------------------------------------------------

TABLE = "任务\t负责人\t完成时间\n" + "".join(f"任务{i}\tRui Peng\t5月{10 + i % 20}日\n" for i in range(40))


def test_confirm_is_acknowledged_before_the_import_and_the_outcome_reaches_the_person(
        bot: BotHarness, monkeypatch: pytest.MonkeyPatch) -> None:
    _campaign(bot)
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE),
                                       private_metadata=METADATA))
    assert preview["response_action"] == "push"
    # The import waits until the test has the acknowledgement in hand: an ack sent after the work never arrives
    # while the gate is shut, so the order is checked without timing.
    gate, working = threading.Event(), threading.Event()
    commit = import_service.commit_import

    def gated(**kwargs: Any) -> Any:
        working.set()
        assert gate.wait(30), "the acknowledgement never came back before the work"
        return commit(**kwargs)

    monkeypatch.setattr(import_service, "commit_import", gated)
    # Slack's own way: listeners in worker threads, the HTTP answer as soon as they acknowledge.
    with ThreadPoolExecutor(max_workers=2) as pool:
        app = create_app(bot.settings, services=bot.services, listener_executor=pool)
        client = TestClient(build_asgi(app))
        body = payloads.view_submission(View.IMPORT_PREVIEW, payloads.preview_values(), user="U_OWNER",
                                        private_metadata=preview["view"]["private_metadata"])
        response = client.post(EVENTS_PATH, content=body, headers=payloads.signed_headers(body))
        answer = response_json(response)
        assert working.wait(5)
        with bot.session() as session:
            assert session.scalar(select(func.count()).select_from(Task)) == 0  # answered before the rows
        assert answer["response_action"] == "update"
        assert "Importing the table into *Spring Sale*" in json.dumps(answer["view"], ensure_ascii=False)
        gate.set()
        [update] = bot.standin.wait_for("views.update", timeout=30)
    assert "Imported into *Spring Sale*: 40 new tasks" in json.dumps(update["view"], ensure_ascii=False)
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Task)) == 40
        assert session.scalars(select(TableImport.status)).all() == ["committed"]
    receipts = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_OWNER"]
    assert len(receipts) == 1 and receipts[0]["text"].startswith("✅ Imported into *Spring Sale*: 40 new tasks")


def test_a_confirm_that_loses_after_the_ack_says_so_in_the_modal(bot: BotHarness,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _campaign(bot)
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE),
                                       private_metadata=METADATA))
    commit = import_service.commit_import

    def another_confirm_first(**kwargs: Any) -> Any:
        with bot.session() as session:  # another Confirm of the same table committed meanwhile
            session.get_one(TableImport, ModalMetadata.load(preview["view"]["private_metadata"]).import_id
                            ).status = "committed"
        return commit(**kwargs)

    monkeypatch.setattr(import_service, "commit_import", another_confirm_first)
    answer = response_json(bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(),
                                      private_metadata=preview["view"]["private_metadata"]))
    assert "Importing the table" in json.dumps(answer["view"], ensure_ascii=False)
    [update] = bot.standin.calls_to("views.update")
    assert "Importing the table" not in json.dumps(update["view"], ensure_ascii=False)
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(Task)) == 0
