"""The audit log: every state change is written with who, when, what and before/after in the change's own
transaction; `/campaign history` shows the newest entries, paged, in the reader's language and time zone."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Action, Field, View
from bot.tasks.blocks.metadata import TaskModalMetadata
from storage.models import AuditEntry
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.hostile import assert_escaped, mrkdwn_texts
from tests.support.scenarios import new_campaign

SHANGHAI = ZoneInfo("Asia/Shanghai")
META = ModalMetadata(campaign_id=1).dump()
TABLE = "任务\t负责人\t完成时间\n主视觉设计\t@Wang Fang\t5月10日\n"


def _entries(bot: BotHarness) -> list[tuple[str, str, str | None]]:
    with bot.session() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(entry.object_type, entry.action, entry.actor_id) for entry in entries]


def _lived(bot: BotHarness) -> None:
    """A campaign's life: created, approved, edited (sent back) and approved again, table imported, a task done and
    blocked, a report, settings, the plan, an incident acknowledged and resolved."""
    new_campaign(bot, name="Spring <Sale>", approve=True)
    assert bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(name="Spring <Sale>", budget="250,000"),
                      private_metadata=META).text == ""
    bot.approve("1")  # the changed budget sent it back for approval
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    preview = response_json(bot.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE), private_metadata=META))
    bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(), private_metadata=preview["view"]["private_metadata"])
    bot.click(Action.TASK_DONE, "1")
    reason = {Field.REASON: {"value": {"type": "plain_text_input", "value": "printer"}}}
    bot.submit(View.TASK_BLOCKED_REASON, reason, private_metadata=TaskModalMetadata(task_id=1).dump())
    bot.clock.set(datetime(2026, 5, 5, 18, 0, tzinfo=SHANGHAI))
    assert bot.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 5), exposure="100"),
                      private_metadata=META).text == ""
    assert bot.submit(View.DAILY_REPORT, payloads.report_values(day=date(2026, 5, 5), exposure="120"),
                      private_metadata=META).text == ""
    assert bot.submit(View.REPORTING_SETUP, payloads.reporting_values(reporters=["U_OWNER"]),
                      private_metadata=META).text == ""
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(sponsor="U_BOSS"), private_metadata=META).text == ""
    assert bot.submit(View.REPORT_INCIDENT, payloads.incident_values(), user="U_REPORTER",
                      private_metadata=META).status_code == 200
    bot.click(Action.INCIDENT_ACKNOWLEDGE, "1")
    bot.click(Action.INCIDENT_RESOLVE, "1")


def test_every_state_change_is_in_the_log(bot: BotHarness) -> None:
    _lived(bot)
    entries = _entries(bot)
    for expected in [("campaign", "created", "U_OWNER"), ("campaign", "approved", "U_ADMIN"),
                     ("campaign", "edited", "U_OWNER"), ("campaign", "sent_back", "U_OWNER"),
                     ("import", "committed", "U_OWNER"),
                     ("task", "done", "U_OWNER"), ("task", "blocked", "U_OWNER"),
                     ("report", "created", "U_OWNER"), ("report", "updated", "U_OWNER"),
                     ("reporting", "changed", "U_OWNER"), ("plan", "changed", "U_OWNER"),
                     ("incident", "opened", "U_REPORTER"), ("incident", "acknowledged", "U_OWNER"),
                     ("incident", "resolved", "U_OWNER")]:
        assert expected in entries, expected
    with bot.session() as session:
        edit = session.scalars(select(AuditEntry).where(AuditEntry.action == "edited")).one()
        assert json.loads(edit.before or "{}") == {"budget": "200000"}
        assert json.loads(edit.after or "{}") == {"budget": "250000"}


def test_a_rejected_change_leaves_no_entry(bot: BotHarness) -> None:
    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    before = _entries(bot)
    bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(end=date(2026, 4, 1)), private_metadata=META)
    bot.submit(View.REPORT_INCIDENT, payloads.incident_values(description=" "), private_metadata=META)
    assert _entries(bot) == before


def test_history_command_pages_newest_first_in_the_readers_language_and_zone(bot: BotHarness) -> None:
    _lived(bot)
    bot.standin.add_user("U_OWNER", tz="America/New_York", locale="en-US")
    answer = response_json(bot.command("history"))
    text = "\n".join(mrkdwn_texts(answer["blocks"]))
    for line in mrkdwn_texts(answer["blocks"]):
        assert_escaped(line, "history")
    assert "Spring &lt;Sale&gt;" in text
    assert text.index("resolved") < text.index("acknowledged")  # newest first
    assert "EDT" in text or "AM" in text or "PM" in text  # the reader's zone (New York)
    button = next(e for b in answer["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert button["action_id"] == Action.HISTORY_PAGE
    bot.click(Action.HISTORY_PAGE, button["value"], is_ephemeral=True, response_url=bot.standin.url + "respond")
    [older] = bot.standin.calls_to("respond")
    assert "created" in json.dumps(older, ensure_ascii=False)

    bot.standin.add_user("U_OWNER", tz="Asia/Shanghai", locale="zh-CN")
    bot.services.directory._profiles.clear()  # the cached profile is ten minutes old in real life
    chinese = "\n".join(mrkdwn_texts(response_json(bot.command("history"))["blocks"]))
    assert "已解决" in chinese or "解决" in chinese


def test_history_is_for_the_owner_reporters_and_admins_of_this_workspace(bot: BotHarness) -> None:
    _lived(bot)
    stranger = bot.command("history #1", user="U_STRANGER")
    assert "Only the owner" in stranger.text and "created the campaign" not in stranger.text
    with bot.session() as session:
        assert session.scalar(select(func.count()).select_from(AuditEntry)) > 0
    other = bot.post(payloads.slash_command("history #1", user="U_OWNER", team="T_OTHER"))
    assert "I can't find" in other.text


def test_history_is_in_help_and_the_manifest() -> None:
    from pathlib import Path

    from bot.kernel.i18n import t
    assert "history" in t("card.help.history", "en")
    assert "history" in Path("manifest.yml").read_text(encoding="utf-8")
