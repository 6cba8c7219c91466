"""The sandbox's Web API answers as Slack does, errors included, when strict (the page's mode)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from sandbox.records import Channel
from sandbox.store import SandboxStore
from sandbox.webapi import SlackWebAPI
from sandbox.webapi_shapes import Workspace

TOKEN = "xoxb-sandbox-1"
NOW = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)


@pytest.fixture
def api() -> SlackWebAPI:
    store = SandboxStore(":memory:")
    store.put_user({"id": "U1", "name": "maya", "tz": "Asia/Shanghai", "locale": "en-US",
                    "profile": {"email": "maya@example.com", "display_name": "Maya"}})
    store.put_user({"id": "U2", "name": "wang", "tz": "Asia/Shanghai", "locale": "zh-CN", "profile": {}})
    store.put_channel(Channel(id="C1", name="launch"), ["U1", "U2", "UBOT"])
    store.put_channel(Channel(id="C2", name="elsewhere"), ["U1"])
    api = SlackWebAPI(store, now=lambda: NOW, strict=True, workspace=Workspace(), bot_token=TOKEN)
    api.public_url = "http://127.0.0.1:9"
    return api


def call(api: SlackWebAPI, method: str, token: str = TOKEN, **body: Any) -> dict[str, Any]:
    return api.handle(method, body, {"Authorization": f"Bearer {token}"}).body


def section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_tokens_are_checked(api: SlackWebAPI) -> None:
    assert call(api, "auth.test", token="")["error"] == "not_authed"
    assert call(api, "auth.test", token="xoxb-other")["error"] == "invalid_auth"
    assert call(api, "auth.test")["user_id"] == "UBOT"


def test_post_update_delete_a_message(api: SlackWebAPI) -> None:
    posted = call(api, "chat.postMessage", channel="C1", text="hello", blocks=[section("*hi*")])
    assert posted["ok"] and posted["channel"] == "C1"
    stored = api.store.message("C1", posted["ts"])
    assert stored is not None and stored.blocks == [section("*hi*")] and stored.posted_at == NOW
    assert call(api, "chat.update", channel="C1", ts=posted["ts"], text="changed")["ok"]
    assert api.store.message("C1", posted["ts"]).text == "changed"  # type: ignore[union-attr]
    assert call(api, "chat.delete", channel="C1", ts=posted["ts"])["ok"]
    assert api.store.message("C1", posted["ts"]) is None
    assert call(api, "chat.update", channel="C1", ts=posted["ts"], text="x")["error"] == "message_not_found"


def test_timestamps_are_unique_and_increasing(api: SlackWebAPI) -> None:
    stamps = [call(api, "chat.postMessage", channel="C1", text=str(n))["ts"] for n in range(5)]
    assert stamps == sorted(stamps, key=float) and len(set(stamps)) == 5
    assert stamps[0].startswith(str(int(NOW.timestamp())))


def test_posting_to_a_user_lands_in_their_dm(api: SlackWebAPI) -> None:
    posted = call(api, "chat.postMessage", channel="U2", text="你好")
    assert posted["channel"] == "D2"
    assert api.store.channel("D2").im_user == "U2"  # type: ignore[union-attr]
    assert call(api, "conversations.open", users="U2")["channel"]["id"] == "D2"


@pytest.mark.parametrize(("body", "error"), [
    ({"channel": "C404", "text": "x"}, "channel_not_found"),
    ({"channel": "C2", "text": "x"}, "not_in_channel"),
    ({"channel": "U404", "text": "x"}, "channel_not_found"),
    ({"channel": "C1"}, "no_text"),
    ({"channel": "C1", "text": "x" * 40_001}, "msg_too_long"),
    ({"channel": "C1", "text": "x", "blocks": [section("x")] * 51}, "invalid_blocks"),
    ({"channel": "C1", "text": "x", "blocks": [section("x" * 3001)]}, "invalid_blocks"),
    ({"channel": "C1", "text": "x", "blocks": [{"type": "no_such_block"}]}, "invalid_blocks"),
])
def test_what_slack_refuses_is_refused(api: SlackWebAPI, body: dict[str, Any], error: str) -> None:
    assert call(api, "chat.postMessage", **body)["error"] == error


def test_ephemeral_messages_are_for_one_person(api: SlackWebAPI) -> None:
    answer = call(api, "chat.postEphemeral", channel="C1", user="U2", text="only you")
    assert answer["ok"]
    assert [m.text for m in api.store.messages("C1", viewer="U2")] == ["only you"]
    assert api.store.messages("C1", viewer="U1") == []
    assert call(api, "chat.postEphemeral", channel="C2", user="U2", text="x")["error"] in (
        "user_not_in_channel", "not_in_channel")


def modal(title: str = "New campaign", blocks: int = 1) -> dict[str, Any]:
    return {"type": "modal", "callback_id": "cb", "title": {"type": "plain_text", "text": title},
            "blocks": [section("x")] * blocks}


def test_views_open_push_update_and_their_errors(api: SlackWebAPI) -> None:
    trigger = api.store.new_trigger("U1")
    opened = call(api, "views.open", trigger_id=trigger, view=modal())
    assert opened["ok"] and opened["view"]["callback_id"] == "cb"
    assert call(api, "views.open", trigger_id=trigger, view=modal())["error"] == "trigger_exchanged"
    assert call(api, "views.open", trigger_id="made-up", view=modal())["error"] == "invalid_trigger_id"
    assert call(api, "views.open", trigger_id=api.store.new_trigger("U1"), view=modal("x" * 25))["error"] == \
        "invalid_arguments"
    view_id = call(api, "views.open", trigger_id=api.store.new_trigger("U1"), view=modal())["view"]["id"]
    for _ in range(2):
        assert call(api, "views.push", trigger_id=api.store.new_trigger("U1"), view=modal())["ok"]
    assert call(api, "views.push", trigger_id=api.store.new_trigger("U1"), view=modal())["error"] == \
        "push_limit_reached"
    current = api.store.view(view_id)
    assert current is not None
    assert call(api, "views.update", view_id=view_id, hash="stale", view=modal("Edited"))["error"] == "hash_conflict"
    updated = call(api, "views.update", view_id=view_id, hash=current.hash, view=modal("Edited"))
    assert updated["view"]["id"] == view_id and updated["view"]["title"]["text"] == "Edited"
    assert call(api, "views.update", view_id="V404", view=modal())["error"] == "not_found"


def test_views_publish_keeps_one_home_per_person(api: SlackWebAPI) -> None:
    home = {"type": "home", "blocks": [section("Your tasks")]}
    first = call(api, "views.publish", user_id="U1", view=home)["view"]
    second = call(api, "views.publish", user_id="U1", view=home)["view"]
    assert first["id"] == second["id"] and first["hash"] != second["hash"]
    assert call(api, "views.publish", user_id="U404", view=home)["error"] == "user_not_found"
    assert call(api, "views.publish", user_id="U1", view={**home, "blocks": [section("x")] * 101})["error"] == \
        "invalid_arguments"


def test_people(api: SlackWebAPI) -> None:
    assert call(api, "users.info", user="U2")["user"]["locale"] == "zh-CN"
    assert call(api, "users.info", user="U404")["error"] == "user_not_found"
    assert call(api, "users.lookupByEmail", email="MAYA@example.com")["user"]["id"] == "U1"
    assert call(api, "users.lookupByEmail", email="nobody@example.com")["error"] == "users_not_found"
    api.users_page_size = 1
    page = call(api, "users.list")
    assert len(page["members"]) == 1 and page["response_metadata"]["next_cursor"] == "1"
    assert call(api, "users.list", cursor="1")["response_metadata"]["next_cursor"] == ""


def test_conversations(api: SlackWebAPI) -> None:
    assert call(api, "conversations.join", channel="C2")["ok"]
    assert api.store.is_member("C2", "UBOT")
    assert call(api, "conversations.info", channel="C404")["error"] == "channel_not_found"
    names = [c["name"] for c in call(api, "conversations.list")["channels"]]
    assert names == ["launch", "elsewhere"]
    assert "UBOT" in call(api, "conversations.members", channel="C1")["members"]


def test_history_lists_the_channel_and_replies_list_a_thread(api: SlackWebAPI) -> None:
    key = {"event_type": "campaignbot_delivery", "event_payload": {"key": "note:1"}}
    parent = call(api, "chat.postMessage", channel="C1", text="card")["ts"]
    reply = call(api, "chat.postMessage", channel="C1", text="note", thread_ts=parent, metadata=key)["ts"]
    later = call(api, "chat.postMessage", channel="C1", text="later")["ts"]
    call(api, "chat.postMessage", channel="C1", text="other thread", thread_ts=later)

    history = call(api, "conversations.history", channel="C1", include_all_metadata="true")
    assert [m["ts"] for m in history["messages"]] == [later, parent]  # newest first, no replies

    for named in (parent, reply):  # a reply's ts names its thread too
        replies = call(api, "conversations.replies", channel="C1", ts=named)["messages"]
        assert [(m["ts"], m["thread_ts"]) for m in replies] == [(parent, parent), (reply, parent)]
        assert all("metadata" not in m for m in replies)  # only to a caller that asks
    asked = call(api, "conversations.replies", channel="C1", ts=parent, include_all_metadata="1")["messages"]
    assert asked[1]["metadata"] == key and "metadata" not in asked[0]
    assert [m["ts"] for m in call(api, "conversations.replies", channel="C1", ts=parent, limit=1)["messages"]] == [
        parent]
    assert call(api, "conversations.replies", channel="C1", ts="1.000001")["error"] == "thread_not_found"
    assert call(api, "conversations.replies", channel="C1")["error"] == "invalid_arguments"


def test_file_upload_v2_and_download(api: SlackWebAPI) -> None:
    step1 = call(api, "files.getUploadURLExternal", filename="pace.png", length=4)
    file_id = step1["file_id"]
    assert step1["upload_url"] == f"http://127.0.0.1:9/upload/{file_id}"
    assert api.handle_upload(file_id, b"\x89PNG").status == 200
    done = call(api, "files.completeUploadExternal", files=[{"id": file_id, "title": "Pace"}], channel_id="C1",
                initial_comment="Cumulative figures")
    assert done["files"] == [{"id": file_id, "title": "Pace"}]
    [message] = api.store.messages("C1", viewer="U1")
    assert message.text == "Cumulative figures" and message.files[0]["mimetype"] == "image/png"
    info = call(api, "files.info", file=file_id)["file"]
    assert info["url_private"] == f"http://127.0.0.1:9/files/{file_id}" and info["size"] == 4
    assert api.download(file_id, f"Bearer {TOKEN}")[0] == 200
    assert api.download(file_id, "Bearer xoxb-wrong")[0] == 403
    assert api.download("F404", f"Bearer {TOKEN}")[0] == 404
    assert call(api, "files.info", file="F404")["error"] == "file_not_found"


def test_unknown_methods_are_an_error(api: SlackWebAPI) -> None:
    assert call(api, "admin.users.remove")["error"] == "unknown_method"


def test_lenient_mode_accepts_what_tests_did_not_set_up() -> None:
    api = SlackWebAPI(SandboxStore(":memory:"), now=lambda: NOW, strict=False)
    assert api.handle("chat.postMessage", {"channel": "C_ANY", "text": "x"}, {}).body["ok"]
    assert api.handle("chat.update", {"channel": "C_ANY", "ts": "1.2", "text": "x"}, {}).body["ok"]
    assert api.handle("users.info", {"user": "U_ANY"}, {}).body["user"]["tz"] == "Asia/Shanghai"
