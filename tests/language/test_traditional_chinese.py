"""zh-TW and zh-HK readers get Traditional Chinese with Taiwan wording, end to end through signed requests.

What the bot sends them — help, modals, the report receipt, task DMs, the status card, App Home and the card in
the channel of a campaign they own — holds no Simplified-only character (OpenCC decides), amounts typed in
Traditional (`1.2萬`) are read, `/campaign language` switches and returns, and a zh-CN reader still reads Simplified.
User content in these tests is ASCII or Traditional, so any Simplified character found is the bot's own.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.i18n.chinese import simplified_only
from bot.kernel.ids import View
from storage.models import DailyReport, Task, UserLanguage
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import running

METADATA = ModalMetadata(campaign_id=1).dump()
TABLE = (
    "任務\t負責人\t完成時間\t階段\n"
    "Facebook 貼文\tlin@example.com\t2026-05-10\t預熱期\n"
    "門市海報\tlin@example.com\t2026-05-12\t爆發期\n"
)


def everything_sent(bot: BotHarness) -> str:
    """Every Web API call the bot made so far, as one text."""
    return "\n".join(json.dumps(call.body, ensure_ascii=False) for call in list(bot.standin.api.calls))


def assert_traditional(text: str) -> None:
    assert any("\u4e00" <= char <= "\u9fff" for char in text), "no Chinese at all"
    assert simplified_only(text) == [], text[:2000]


def open_home(bot: BotHarness, user: str) -> None:
    body = json.dumps({**json.loads(payloads.app_home_opened(user)), "event_id": f"Ev{uuid.uuid4().hex}"})
    assert bot.post(body, payloads.json_headers(body)).status_code == 200


@pytest.fixture(params=["zh-TW", "zh-HK"])
def reader(request: pytest.FixtureRequest, bot: BotHarness) -> str:
    bot.standin.add_member("U_TW", "Lin Ya-ting", email="lin@example.com", locale=request.param, tz="Asia/Taipei")
    return "U_TW"


@pytest.fixture
def owned(bot: BotHarness, reader: str) -> BotHarness:
    """A campaign the Traditional reader owns and reports for; today is May 5, 2026."""
    running(bot, user=reader, owner=reader, reporters=[reader], sources="Web", reset_calls=False)
    return bot


def test_help_lists_the_chinese_words_in_traditional(bot: BotHarness, reader: str) -> None:
    text = said(bot.command("help", user=reader))
    assert_traditional(text)
    for word in ("日報", "任務", "狀態", "幫助", "新建", "/campaign language"):
        assert word in text, word


def test_modals_are_traditional(owned: BotHarness, reader: str) -> None:
    owned.standin.reset_calls()
    for sub in ("new", "report", "incident", "import"):
        owned.command(sub, user=reader)
    views = owned.standin.calls_to("views.open")
    assert len(views) == 4
    for view in views:
        assert_traditional(json.dumps(view, ensure_ascii=False))
    assert "建立活動" in json.dumps(views[0], ensure_ascii=False)


def test_a_report_in_traditional_units_is_read_and_receipted_in_traditional(owned: BotHarness, reader: str) -> None:
    owned.standin.reset_calls()
    body = response_json(owned.submit(View.DAILY_REPORT, payloads.report_values(
        source="Web", exposure="1.2萬", clicks="3,500", participants="８００", sales="3億", spend="1.2k"),
        user=reader, private_metadata=METADATA))
    assert body == {}
    with owned.session() as session:
        report = session.scalars(select(DailyReport)).one()
    assert (report.exposure, report.clicks, report.participants) == (12000, 3500, 800)
    assert (int(report.sales), int(report.spend)) == (300_000_000, 1200)
    assert_traditional(everything_sent(owned))


def test_task_dms_status_card_home_and_channel_are_traditional(owned: BotHarness, reader: str) -> None:
    preview = response_json(owned.submit(View.IMPORT_TABLE, payloads.table_values(text=TABLE), user=reader,
                                         private_metadata=METADATA))
    assert preview["response_action"] == "push", preview
    owned.submit(View.IMPORT_PREVIEW, payloads.preview_values(), user=reader,
                 private_metadata=preview["view"]["private_metadata"])
    with owned.session() as session:
        tasks = session.scalars(select(Task).order_by(Task.id)).all()
        assert [(task.title, task.owner_id, task.phase) for task in tasks] == [
            ("Facebook 貼文", reader, "warmup"), ("門市海報", reader, "burst")]
    status = response_json(owned.command("status Spring Sale", user=reader))
    assert_traditional(json.dumps(status, ensure_ascii=False))
    open_home(owned, reader)
    assert owned.standin.calls_to("views.publish")
    sent = everything_sent(owned)  # the campaign card in its channel, the task DMs, App Home
    assert "Facebook 貼文" in sent
    assert_traditional(sent)


def test_the_language_command_switches_and_returns(bot: BotHarness, reader: str) -> None:
    assert "简体中文" in said(bot.command("language zh-Hans", user=reader))  # answered in the new language
    assert "策划新活动" in said(bot.command("help", user=reader))
    assert "English" in said(bot.command("language en", user=reader))
    assert "plan a new campaign" in said(bot.command("help", user=reader))
    with bot.session() as session:
        assert session.scalars(select(UserLanguage.language)).all() == ["en"]
    assert "跟隨你的 Slack 語言" in said(bot.command("language auto", user=reader))
    with bot.session() as session:
        assert session.scalars(select(UserLanguage)).all() == []
    assert_traditional(said(bot.command("help", user=reader)))
    assert "繁體中文" in said(bot.command("language", user=reader))


def test_a_choice_is_kept_in_the_database_across_restarts(bot: BotHarness, reader: str) -> None:
    bot.command("language zh-Hans", user=reader)
    restarted = BotHarness(standin=bot.standin, session_factory=bot.services.sessions, now=bot.clock.now())
    assert "策划新活动" in said(restarted.command("help", user=reader))


def test_an_unknown_language_is_refused_with_the_choices(bot: BotHarness, reader: str) -> None:
    text = said(bot.command("language klingon", user=reader))
    assert "klingon" in text and "zh-Hant" in text and "auto" in text
    assert_traditional(text)
    with bot.session() as session:
        assert session.scalars(select(UserLanguage)).all() == []


def test_an_english_reader_can_choose_traditional(bot: BotHarness) -> None:
    bot.standin.add_user("U_EN", locale="en-US")
    assert "繁體中文" in said(bot.command("language zh-Hant", user="U_EN"))
    assert_traditional(said(bot.command("help", user="U_EN")))


@pytest.mark.parametrize("word", ["日报", "日報"])
def test_chinese_sub_commands_in_either_script(owned: BotHarness, reader: str, word: str) -> None:
    owned.standin.reset_calls()
    owned.command(word, user=reader)
    [opened] = owned.standin.calls_to("views.open")
    assert opened["view"]["callback_id"] == View.DAILY_REPORT


@pytest.mark.parametrize(("word", "says"), [("狀態", "Spring Sale"), ("状态", "Spring Sale"), ("幫助", "/campaign"),
                                            ("帮助", "/campaign"), ("任務", ""), ("任务", "")])
def test_other_chinese_sub_commands(owned: BotHarness, reader: str, word: str, says: str) -> None:
    text = json.dumps(response_json(owned.command(word, user=reader)), ensure_ascii=False)
    assert says in text and "我不認得" not in text and "我不認識" not in text


def test_a_simplified_reader_still_reads_simplified(bot: BotHarness) -> None:
    bot.standin.add_user("U_CN", locale="zh-CN")
    text = said(bot.command("help", user="U_CN"))
    assert "策划新活动" in text and "日报" in text
    assert simplified_only(text)  # Simplified-only characters are what a zh-CN reader reads


def said(response: Any) -> str:
    """What an acknowledgement showed the person: a plain text, or text and blocks as readable JSON."""
    if not response.headers.get("content-type", "").startswith("application/json"):
        return response.text
    return json.dumps(response_json(response), ensure_ascii=False)


def test_the_export_workbook_speaks_traditional(owned: BotHarness, reader: str) -> None:
    import io

    import openpyxl

    assert owned.submit(View.DAILY_REPORT, payloads.report_values(source="Web", exposure="1.2萬"), user=reader,
                        private_metadata=METADATA).text == ""
    owned.standin.reset_calls()
    assert_traditional(said(owned.command("export", user=reader)))
    [content] = owned.standin.uploads.values()
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    headers = [str(cell) for sheet in workbook.worksheets for cell in next(sheet.values, ()) if cell is not None]
    assert_traditional(" ".join([*workbook.sheetnames, *headers]))
    assert any("通路" in header for header in headers)
    assert_traditional(everything_sent(owned))
