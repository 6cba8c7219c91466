"""One unknown owner does not block the whole import: the preview offers to import those rows
unassigned; such a task gets no DM, shows as "Unassigned" in `/campaign tasks all`, on the campaign owner's Home
and in the history. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import select

from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.ids import Field, View
from storage.models import TableImport, Task
from tests.support import payloads
from tests.support.harness import BotHarness, response_json
from tests.support.scenarios import new_campaign

TABLE = (
    "Task,Owner,Due\n"
    "Poster,Nobody Here,2026-05-10\n"
    "Flyer,Wang Fang,2026-05-12\n"
)


@pytest.fixture
def campaign_id(bot: BotHarness) -> int:
    campaign_id = new_campaign(bot, approve=True)
    bot.standin.add_member("U_WANG", "Wang Fang", email="wang@example.com")
    bot.standin.add_member("U_OWNER", "Owner", email="owner@example.com")
    bot.standin.reset_calls()
    return campaign_id


def _preview(bot: BotHarness, campaign_id: int, text: str = TABLE) -> dict[str, Any]:
    response = bot.submit(View.IMPORT_TABLE, payloads.table_values(text=text),
                          private_metadata=ModalMetadata(campaign_id=campaign_id).dump())
    return response_json(response)


def _confirm(bot: BotHarness, preview: dict[str, Any], **kwargs: bool) -> dict[str, Any]:
    response = bot.submit(View.IMPORT_PREVIEW, payloads.preview_values(**kwargs),
                          private_metadata=preview["view"]["private_metadata"])
    return response_json(response)


def _tasks(bot: BotHarness) -> list[tuple[str, str | None]]:
    with bot.session() as session:
        return [(task.title, task.owner_id) for task in session.scalars(select(Task).order_by(Task.id))]


def _home(bot: BotHarness, user: str) -> str:
    body = json.dumps({**json.loads(payloads.app_home_opened(user)), "event_id": f"Ev{uuid.uuid4().hex}"})
    assert bot.post(body, payloads.json_headers(body)).status_code == 200
    return json.dumps(bot.standin.calls_to("views.publish")[-1]["view"]["blocks"], ensure_ascii=False)


def test_rows_with_an_unknown_owner_are_imported_unassigned_once_ticked(bot: BotHarness, campaign_id: int) -> None:
    preview = _preview(bot, campaign_id)
    view = preview["view"]
    assert view["submit"]["text"] == "Confirm"
    text = json.dumps(view["blocks"], ensure_ascii=False)
    assert "“Nobody Here” matches nobody in this workspace" in text
    assert "Import this row unassigned" in text
    assert "Row 2: Poster → Unassigned" in text and "Row 3: Flyer → <@U_WANG>" in text
    assert any(block.get("block_id") == Field.IMPORT_UNASSIGNED for block in view["blocks"])

    refused = _confirm(bot, preview)
    assert refused["response_action"] == "errors" and Field.IMPORT_UNASSIGNED in refused["errors"]
    assert _tasks(bot) == []
    with bot.session() as session:
        assert session.scalars(select(TableImport.status)).all() == ["pending"]  # still there to confirm

    assert _confirm(bot, preview, unassigned=True)["response_action"] == "update"  # "Importing…", then the result
    assert _tasks(bot) == [("Poster", None), ("Flyer", "U_WANG")]
    posts = bot.standin.calls_to("chat.postMessage")
    dms = {post["channel"] for post in posts if post["channel"].startswith("U")}
    assert dms == {"U_WANG", "U_OWNER"}  # Flyer's owner, and the importer's receipt; no DM for Poster
    [receipt] = [post for post in posts if post["channel"] == "U_OWNER"]
    assert "Poster" not in receipt["text"]
    [summary] = [post for post in posts if post["channel"] == payloads.CHANNEL]
    assert "Unassigned 1" in json.dumps(summary["blocks"]) and "<@U_WANG> 1" in json.dumps(summary["blocks"])

    table = json.dumps(response_json(bot.command("tasks all by owner"))["blocks"], ensure_ascii=False)
    assert "Unassigned" in table and "Poster" in table
    by_phase = json.dumps(response_json(bot.command("tasks all"))["blocks"], ensure_ascii=False)
    assert "Poster" in by_phase and "Unassigned" in by_phase and "<@None>" not in by_phase

    home = _home(bot, "U_OWNER")  # the campaign's owner answers for it until someone owns it
    assert "Poster" in home and "Unassigned" in home
    assert "Poster" not in _home(bot, "U_WANG")

    history = json.dumps(response_json(bot.command("history"))["blocks"], ensure_ascii=False)
    assert "unassigned: 1" in history


def test_other_row_problems_still_block(bot: BotHarness, campaign_id: int) -> None:
    view = _preview(bot, campaign_id, text=TABLE + "Banner,Wang Fang,next week\n")["view"]
    assert view.get("submit") is None
    assert not any(block.get("block_id") == Field.IMPORT_UNASSIGNED for block in view["blocks"])
    with bot.session() as session:
        assert session.scalars(select(TableImport.status)).all() == []


def test_chinese_readers_see_unassigned_in_their_script(bot: BotHarness, campaign_id: int) -> None:
    assert _confirm(bot, _preview(bot, campaign_id), unassigned=True)["response_action"] == "update"
    bot.standin.add_member("U_HANS", "Hans", locale="zh-CN")
    bot.standin.add_member("U_HANT", "Hant", locale="zh-TW")
    hans = json.dumps(response_json(bot.command("tasks all by owner", user="U_HANS"))["blocks"], ensure_ascii=False)
    hant = json.dumps(response_json(bot.command("tasks all by owner", user="U_HANT"))["blocks"], ensure_ascii=False)
    assert "未分配" in hans and "未指派" in hant
