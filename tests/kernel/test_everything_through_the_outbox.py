"""F10: what a person's action makes the bot say (the campaign card, import notices and offers, task notes, report
receipts, settings notes) goes through the outbox: delivered right after the commit, and when Slack is down, kept and
delivered once by the next delivery pass."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Field, View
from bot.tasks.blocks.metadata import TaskModalMetadata
from scheduler.passes import run_due
from storage.models import Campaign, OutboxMessage
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign, running
from tests.support.slack_standin import Scripted

TABLE = "任务\t负责人\t完成时间\n主视觉设计\t@Wang Fang\t5月10日\n"
META = ModalMetadata(campaign_id=1).dump()


def slack_down(bot: BotHarness) -> None:
    """chat.postMessage answers 503 to every try (the client's own retries included) until reset."""
    bot.standin.script("chat.postMessage", *[Scripted(status=503, body={"ok": False, "error": "unavailable"})] * 200)


def _posts(bot: BotHarness, where: Callable[[dict], bool]) -> list[dict]:
    return [post for post in bot.standin.calls_to("chat.postMessage") if where(post)]


def _import(bot: BotHarness) -> None:
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE), private_metadata=META))
    assert bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(),
                      private_metadata=preview["view"]["private_metadata"]).status_code == 200


def _milestone(bot: BotHarness) -> None:
    values = {Field.MILESTONE_NAME: {"value": {"type": "plain_text_input", "value": "Launch day"}},
              Field.MILESTONE_DATE: {"value": {"type": "datepicker", "selected_date": "2026-05-15"}}}
    assert bot.submit(View.NEW_MILESTONE, values, private_metadata=META).text == ""


def _report(bot: BotHarness) -> None:
    assert bot.submit(View.DAILY_REPORT, payloads.report_values(exposure="100"), private_metadata=META).text == ""


def _plan(bot: BotHarness) -> None:
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(sponsor="U_BOSS"), private_metadata=META).text == ""


def _reporting(bot: BotHarness) -> None:
    assert bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_REP"]),
                      private_metadata=META).text == ""


def _blocked(bot: BotHarness) -> None:
    values = {Field.REASON: {"value": {"type": "plain_text_input", "value": "waiting for the printer"}}}
    metadata = TaskModalMetadata(task_id=1).dump()
    assert bot.submit(View.TASK_BLOCKED_REASON, values, user="U_WANG", private_metadata=metadata).text == ""


def _share_table(bot: BotHarness) -> None:
    bot.standin.add_file("F_CSV", "分工.csv", "任务,负责人,完成时间\n物料印刷,Wang Fang,5月9日\n".encode())
    body = payloads.event_callback({"type": "file_shared", "file_id": "F_CSV", "user_id": "U_OWNER",
                                    "channel_id": payloads.CHANNEL, "file": {"id": "F_CSV"}, "event_ts": "1.0"})
    assert bot.post(body, payloads.json_headers(body)).status_code == 200


Step = Callable[[BotHarness], object]
CASES: dict[str, tuple[list[Step], Step, Callable[[dict], bool]]] = {
    "campaign card": ([], new_campaign, lambda post: post["channel"] == payloads.CHANNEL and bool(post.get("blocks"))),
    "import DM": ([new_campaign], _import, lambda post: post["channel"] == "U_WANG"),
    "import summary": ([new_campaign], _import,
                       lambda post: post["channel"] == payloads.CHANNEL and "imported" in post["text"]),
    "import receipt": ([new_campaign], _import,
                       lambda post: post["channel"] == "U_OWNER" and "Imported into" in post["text"]),
    "import offer": ([new_campaign], _share_table, lambda post: "division-of-labour table" in post["text"]),
    "milestone note": ([new_campaign], _milestone, lambda post: "Launch day" in post["text"]),
    "report receipt": ([running], _report, lambda post: post["channel"] == "U_OWNER" and "report" in post["text"]),
    "plan note": ([new_campaign], _plan, lambda post: "emergency plan" in post["text"].lower()),
    "reporting note": ([new_campaign], _reporting, lambda post: "reports for" in post["text"]),
    "blocked note": ([new_campaign, _import], _blocked,
                     lambda post: post["channel"] == "U_OWNER" and "blocked" in post["text"]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_sent_right_after_the_commit(bot: BotHarness, case: str) -> None:
    setup, act, wanted = CASES[case]
    for step in setup:
        step(bot)
    bot.standin.reset_calls()
    act(bot)
    assert len(_posts(bot, wanted)) == 1
    with bot.session() as session:
        rows = session.scalars(select(OutboxMessage).where(OutboxMessage.status != "sent")).all()
        assert [row.idempotency_key for row in rows if row.status == "pending"] == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_kept_while_slack_is_down_and_delivered_once_later(bot: BotHarness, case: str) -> None:
    setup, act, wanted = CASES[case]
    for step in setup:
        step(bot)
    bot.standin.reset_calls()
    slack_down(bot)
    act(bot)
    bot.standin.reset()  # Slack is back
    assert _posts(bot, wanted) == []
    later = bot.clock.now() + timedelta(minutes=2)
    run_due(bot.services, later)
    assert len(_posts(bot, wanted)) == 1
    run_due(bot.services, later + timedelta(minutes=10))
    assert len(_posts(bot, wanted)) == 1


def test_the_card_delivered_later_is_still_the_one_refreshed(bot: BotHarness) -> None:
    slack_down(bot)
    new_campaign(bot)
    bot.standin.reset()
    run_due(bot.services, bot.clock.now() + timedelta(minutes=2))
    assert len(_posts(bot, lambda post: post["channel"] == payloads.CHANNEL)) == 1
    bot.standin.reset_calls()
    bot.approve("1")
    [update] = bot.standin.calls_to("chat.update")
    assert update["channel"] == payloads.CHANNEL
    assert _posts(bot, lambda post: post["channel"] == payloads.CHANNEL) == []  # updated, not posted again
    with bot.session() as session:
        assert session.scalars(select(Campaign.announcement_ts)).one() == update["ts"]
