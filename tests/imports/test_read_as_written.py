"""Read as people write: a table in either Chinese script is the same tasks, the preview and the history
speak in names and money, warnings show figures as typed, review quotes are plain text."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import View
from storage.models import Campaign, Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

SIMPLIFIED = (
    "任务\t负责人\t完成时间\t阶段\n"
    "主视觉设计\tWang Fang\t5月10日\t预热期\n"
    "门店布置\tWang Fang\t5月12日\t爆发期\n"
    "数据复盘\tLi Lei\t5/30\t长尾期\n"
)
TRADITIONAL = (
    "任務\t負責人\t完成時間\t階段\n"
    "主視覺設計\tWang Fang\t5月10日\t預熱期\n"
    "門店佈置\tWang Fang\t5月12日\t爆發期\n"
    "數據複盤\tLi Lei\t5/30\t長尾期\n"
)


@pytest.fixture
def campaign_id(bot: BotHarness) -> int:
    campaign_id = new_campaign(bot)
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    bot.standin.add_member("U_LI", "Li Lei", email="li.lei@example.com")
    bot.standin.reset_calls()
    return campaign_id


def _preview(bot: BotHarness, campaign_id: int, text: str, user: str = "U_OWNER") -> dict:  # type: ignore[type-arg]
    response = bot.submit(View.IMPORT_TABLE, payloads.table_values(text=text), user=user,
                          private_metadata=ModalMetadata(campaign_id=campaign_id).dump())
    assert response.status_code == 200
    return response_json(response)


def _confirm(bot: BotHarness, preview: dict, **kwargs: bool) -> dict:  # type: ignore[type-arg]
    return response_json(bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(**kwargs),
                                    private_metadata=preview["view"]["private_metadata"]))


def _blocks_text(view: dict) -> str:  # type: ignore[type-arg]
    return json.dumps(view["blocks"], ensure_ascii=False)


def _tasks(bot: BotHarness) -> list[Task]:
    with bot.session() as session:
        return list(session.scalars(select(Task).order_by(Task.id)))


def test_a_traditional_reimport_is_the_same_tasks_as_its_simplified_twin(bot: BotHarness, campaign_id: int) -> None:
    _confirm(bot, _preview(bot, campaign_id, SIMPLIFIED))
    first = [task.id for task in _tasks(bot)]
    preview = _preview(bot, campaign_id, TRADITIONAL)
    text = _blocks_text(preview["view"])
    assert "0 new" in text and "no longer in the table" not in text
    _confirm(bot, preview, close_missing=True)
    tasks = _tasks(bot)
    assert [task.id for task in tasks] == first
    assert [(task.title, task.status) for task in tasks] == [
        ("主視覺設計", "open"), ("門店佈置", "open"), ("數據複盤", "open"),
    ]


def test_the_preview_names_phases_in_the_readers_words(bot: BotHarness, campaign_id: int) -> None:
    english = _blocks_text(_preview(bot, campaign_id, SIMPLIFIED)["view"])
    assert "· Warm-up" in english and "· warmup" not in english and "· longtail" not in english
    bot.standin.add_user("U_ZH", locale="zh-CN")
    with bot.session() as session:
        session.get(Campaign, campaign_id).owner_id = "U_ZH"  # type: ignore[union-attr]
    chinese = _blocks_text(_preview(bot, campaign_id, SIMPLIFIED, user="U_ZH")["view"])
    assert "· 预热期" in chinese and "warmup" not in chinese


def test_history_shows_money_as_money_names_as_names_and_no_change_to_itself(bot: BotHarness) -> None:
    from bot.kernel.ids import Action
    from tests.history.test_history import META
    from tests.support.hostile import mrkdwn_texts

    assert bot.submit(View.NEW_CAMPAIGN, payloads.campaign_values()).text == ""
    bot.approve("1")
    assert bot.submit(View.EDIT_CAMPAIGN, payloads.campaign_values(budget="350,000"), private_metadata=META).text == ""
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    _confirm(bot, _preview(bot, 1, "任务\t负责人\t完成时间\n门店布置\tWang Fang\t5月10日\n"))
    bot.click(Action.TASK_DONE, "1")
    assert bot.submit(View.EMERGENCY_PLAN, payloads.plan_values(sponsor="U_BOSS"), private_metadata=META).text == ""
    text = "\n".join(mrkdwn_texts(response_json(bot.command("history"))["blocks"]))
    assert "¥200,000 → ¥350,000" in text and "350000" not in text
    assert "marked task “门店布置” done" in text and "task #1" not in text
    assert "status: Open → Done" in text and "reason: —" not in text  # no reason given: nothing to say
    assert "<@U_BOSS>" in text and "U_BOSS" not in text.replace("<@U_BOSS>", "")


def test_counts_read_in_the_plural_form_of_the_language_not_with_s_in_brackets(bot: BotHarness,
                                                                                campaign_id: int) -> None:
    _confirm(bot, _preview(bot, campaign_id, SIMPLIFIED))
    dms = [post for post in bot.standin.calls_to("chat.postMessage") if post["channel"] == "U_LI"]
    assert "assigned you 1 new task in" in dms[0]["text"] and "(s)" not in dms[0]["text"]
    one_gone = _blocks_text(_preview(bot, campaign_id, SIMPLIFIED.rsplit("数据复盘", 1)[0])["view"])
    assert "1 task of this campaign is no longer in the table" in one_gone
    assert "Also close the 1 task no longer in the table" in one_gone
    only_first = "任务\t负责人\t完成时间\n主视觉设计\tWang Fang\t5月10日\n"
    two_gone = _blocks_text(_preview(bot, campaign_id, only_first)["view"])
    assert "2 tasks of this campaign are no longer in the table" in two_gone and "(s)" not in two_gone
    one_bad = _blocks_text(_preview(bot, campaign_id, "Task,Owner,Due\nPoster,Wang Fang,next week\n")["view"])
    assert "*1 row needs fixing before I can import.*" in one_bad and "(s)" not in one_bad


def test_the_preview_names_changed_fields_in_words(bot: BotHarness, campaign_id: int) -> None:
    _confirm(bot, _preview(bot, campaign_id, SIMPLIFIED))
    moved = SIMPLIFIED.replace("主视觉设计\tWang Fang\t5月10日\t预热期", "主视觉设计\tWang Fang\t5月11日\t爆发期")
    text = _blocks_text(_preview(bot, campaign_id, moved)["view"])
    assert "_(changed: due and phase)_" in text and "due_at" not in text and "owner_id" not in text
