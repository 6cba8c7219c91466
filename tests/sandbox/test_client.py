"""Slack's client behaviour in the sandbox: what the bot receives for each gesture, and how its answers land.

A stand-in bot (a small HTTP server) checks every request's signature the way Bolt does and answers as
scripted, so these tests pin the payload shapes and Slack's rules for acknowledgements, `response_action`
and `response_url`, without the real bot.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import pytest
from slack_sdk.signature import SignatureVerifier

from sandbox.bot_link import BotLink
from sandbox.client import SlackClient
from sandbox.records import Channel
from sandbox.store import SandboxStore
from sandbox.webapi import SlackWebAPI
from sandbox.webapi_shapes import Workspace

SECRET = "signing-secret"
NOW = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)


class FakeBot:
    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.answers: list[tuple[int, Any]] = []
        self.delay = 0.0
        bot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers["Content-Length"])).decode()
                valid = SignatureVerifier(SECRET).is_valid(
                    body=raw, timestamp=self.headers["X-Slack-Request-Timestamp"],
                    signature=self.headers["X-Slack-Signature"])
                if "json" in self.headers["Content-Type"]:
                    parsed = json.loads(raw)
                else:
                    form = {k: v[0] for k, v in parse_qs(raw).items()}
                    parsed = json.loads(form["payload"]) if "payload" in form else form
                bot.received.append({"valid": valid, "body": parsed})
                time.sleep(bot.delay)
                status, answer = bot.answers.pop(0) if bot.answers else (200, None)
                data = b"" if answer is None else json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/slack/events"

    def last(self) -> dict[str, Any]:
        assert self.received[-1]["valid"], "the sandbox signed a request the bot would refuse"
        return self.received[-1]["body"]


@pytest.fixture
def bot() -> Iterator[FakeBot]:
    fake = FakeBot()
    yield fake
    fake.server.shutdown()
    fake.server.server_close()  # else its socket is collected later, as a ResourceWarning in some other test


@pytest.fixture
def client(bot: FakeBot) -> SlackClient:
    store = SandboxStore(":memory:")
    for user in ("U1", "U2"):
        store.put_user({"id": user, "name": user.lower(), "tz": "UTC", "locale": "en-US"})
    store.put_channel(Channel(id="C1", name="launch"), ["U1", "U2", "UBOT"])
    api = SlackWebAPI(store, now=lambda: NOW, strict=True, workspace=Workspace(), bot_token="xoxb-t")
    api.public_url = "http://127.0.0.1:9"
    return SlackClient(store, api, BotLink(bot.url, SECRET, timeout=1.0), now=lambda: NOW)


BUTTON_BLOCKS = [
    {"type": "section", "block_id": "s", "text": {"type": "mrkdwn", "text": "Card"}},
    {"type": "actions", "block_id": "a", "elements": [
        {"type": "button", "action_id": "approve", "value": "7", "text": {"type": "plain_text", "text": "Approve"}},
        {"type": "static_select", "action_id": "phase", "options": [
            {"text": {"type": "plain_text", "text": "Burst"}, "value": "burst"}]},
    ]},
]

MODAL = {"type": "modal", "callback_id": "new", "title": {"type": "plain_text", "text": "New"},
         "submit": {"type": "plain_text", "text": "Save"}, "private_metadata": "42", "blocks": [
             {"type": "input", "block_id": "name", "label": {"type": "plain_text", "text": "Name"},
              "element": {"type": "plain_text_input", "action_id": "v", "initial_value": "Spring"}},
             {"type": "input", "block_id": "kind", "label": {"type": "plain_text", "text": "Kind"},
              "element": {"type": "static_select", "action_id": "v", "options": [
                  {"text": {"type": "plain_text", "text": "Sales"}, "value": "sales"}]}},
             {"type": "input", "block_id": "owner", "label": {"type": "plain_text", "text": "Owner"},
              "element": {"type": "users_select", "action_id": "v"}},
             {"type": "input", "block_id": "zone", "label": {"type": "plain_text", "text": "Zone"},
              "element": {"type": "external_select", "action_id": "tz"}},
         ]}


def test_a_slash_command_and_its_private_answer(client: SlackClient, bot: FakeBot) -> None:
    bot.answers.append((200, {"text": "Commands for /campaign", "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*help*"}}]}))
    assert client.send_message("U1", "C1", "/campaign help me").ok
    sent = bot.last()
    assert (sent["command"], sent["text"], sent["user_id"], sent["channel_id"], sent["team_id"]) == (
        "/campaign", "help me", "U1", "C1", "T1")
    assert sent["response_url"].startswith("http://127.0.0.1:9/response/") and sent["trigger_id"]
    [answer] = client.store.messages("C1", viewer="U1")
    assert answer.visible_to == "U1" and answer.text == "Commands for /campaign"
    assert client.store.messages("C1", viewer="U2") == []


def test_in_channel_answers_are_seen_by_everyone(client: SlackClient, bot: FakeBot) -> None:
    bot.answers.append((200, {"text": "Posted for all", "response_type": "in_channel"}))
    client.send_message("U1", "C1", "/campaign list")
    assert [m.text for m in client.store.messages("C1", viewer="U2")] == ["Posted for all"]


def test_plain_messages_are_stored_escaped_and_not_sent_to_the_bot(client: SlackClient, bot: FakeBot) -> None:
    client.send_message("U1", "C1", "see <@U2> & <script>")
    [message] = client.store.messages("C1", viewer="U2")
    assert message.text == "see &lt;@U2&gt; &amp; &lt;script&gt;" and not message.bot
    assert bot.received == []


def test_unknown_commands_and_failures_are_told_like_slack_tells_them(client: SlackClient, bot: FakeBot) -> None:
    assert client.send_message("U1", "C1", "/giphy cats").error == "unknown_command"
    bot.answers.append((500, None))
    assert client.send_message("U1", "C1", "/campaign list").error == "dispatch_failed"
    bot.delay = 1.5
    assert client.send_message("U1", "C1", "/campaign list").error == "operation_timeout"
    notes = [m.text for m in client.store.messages("C1", viewer="U1")]
    assert "is not a valid command" in notes[0]
    assert notes[1:] == ['/campaign failed with the error "dispatch_failed"',
                         '/campaign failed with the error "operation_timeout"']


def test_a_button_in_a_message(client: SlackClient, bot: FakeBot) -> None:
    posted = client.api.handle("chat.postMessage", {"channel": "C1", "text": "card", "blocks": BUTTON_BLOCKS},
                               {"Authorization": "Bearer xoxb-t"}).body
    assert client.act_in_message("U2", "C1", posted["ts"], "a", "approve").ok
    sent = bot.last()
    assert sent["type"] == "block_actions" and sent["user"]["id"] == "U2" and sent["team"]["id"] == "T1"
    assert sent["container"] == {"type": "message", "message_ts": posted["ts"], "channel_id": "C1",
                                 "is_ephemeral": False}
    assert sent["message"]["blocks"] == BUTTON_BLOCKS
    [action] = sent["actions"]
    assert (action["action_id"], action["block_id"], action["value"], action["type"]) == ("approve", "a", "7", "button")
    assert sent["state"]["values"]["a"]["phase"] == {"type": "static_select", "selected_option": None}


def test_a_select_in_an_ephemeral_message_omits_the_message(client: SlackClient, bot: FakeBot) -> None:
    answer = client.api.handle("chat.postEphemeral", {"channel": "C1", "user": "U1", "text": "x",
                                                      "blocks": BUTTON_BLOCKS}, {"Authorization": "Bearer xoxb-t"})
    ts = answer.body["message_ts"]
    client.act_in_message("U1", "C1", ts, "a", "phase", "burst")
    sent = bot.last()
    assert "message" not in sent and sent["container"]["is_ephemeral"] is True
    assert sent["actions"][0]["selected_option"]["value"] == "burst"


def test_response_url_replaces_deletes_or_adds(client: SlackClient, bot: FakeBot) -> None:
    posted = client.api.handle("chat.postMessage", {"channel": "C1", "text": "card", "blocks": BUTTON_BLOCKS},
                               {"Authorization": "Bearer xoxb-t"}).body
    client.act_in_message("U1", "C1", posted["ts"], "a", "approve")
    token = bot.last()["response_url"].rsplit("/", 1)[1]
    assert client.respond(token, {"text": "replaced", "replace_original": True})
    assert client.store.message("C1", posted["ts"]).text == "replaced"  # type: ignore[union-attr]
    assert client.respond(token, {"text": "just for you"})
    assert client.store.messages("C1", viewer="U1")[-1].visible_to == "U1"
    assert client.respond(token, {"delete_original": True})
    assert client.store.message("C1", posted["ts"]) is None
    assert client.respond("no-such-token", {"text": "x"}) is False


def _open_modal(client: SlackClient) -> str:
    return client.store.open_modal("U1", MODAL, replace=True).id


def test_a_submission_carries_typed_state_and_an_empty_answer_closes(client: SlackClient, bot: FakeBot) -> None:
    view_id = _open_modal(client)
    outcome = client.submit("U1", view_id, {"kind": {"v": "sales"}, "owner": {"v": "U2"},
                                            "zone": {"tz": {"value": "Asia/Shanghai", "text": "Shanghai"}}})
    assert outcome.ok
    sent = bot.last()
    values = sent["view"]["state"]["values"]
    assert values["name"]["v"] == {"type": "plain_text_input", "value": "Spring"}  # untouched: its initial value
    assert values["kind"]["v"]["selected_option"] == {"text": {"type": "plain_text", "text": "Sales"}, "value": "sales"}
    assert values["owner"]["v"] == {"type": "users_select", "selected_user": "U2"}
    assert values["zone"]["tz"]["selected_option"]["value"] == "Asia/Shanghai"
    assert (sent["view"]["private_metadata"], sent["view"]["callback_id"], sent["type"]) == (
        "42", "new", "view_submission")
    assert client.store.modal_stack("U1") == []


def test_errors_keep_the_dialog_open_with_messages_by_field(client: SlackClient, bot: FakeBot) -> None:
    view_id = _open_modal(client)
    bot.answers.append((200, {"response_action": "errors", "errors": {"name": "Pick another name."}}))
    assert client.submit("U1", view_id, {}).error == "errors"
    [still_open] = client.store.modal_stack("U1")
    assert still_open.id == view_id and still_open.errors == {"name": "Pick another name."}


def test_update_push_and_clear(client: SlackClient, bot: FakeBot) -> None:
    view_id = _open_modal(client)
    bot.answers.append((200, {"response_action": "update", "view": {**MODAL, "title": {"type": "plain_text",
                                                                                       "text": "Preview"}}}))
    client.submit("U1", view_id, {})
    [updated] = client.store.modal_stack("U1")
    assert updated.id == view_id and updated.data["title"]["text"] == "Preview"
    bot.answers.append((200, {"response_action": "push", "view": MODAL}))
    client.submit("U1", view_id, {})
    assert len(client.store.modal_stack("U1")) == 2
    bot.answers.append((200, {"response_action": "clear"}))
    client.submit("U1", client.store.modal_stack("U1")[-1].id, {})
    assert client.store.modal_stack("U1") == []


def test_a_failed_submission_says_so_over_the_dialog(client: SlackClient, bot: FakeBot) -> None:
    view_id = _open_modal(client)
    bot.answers.append((500, None))
    client.submit("U1", view_id, {})
    assert client.store.view(view_id).notice == "We had some trouble connecting. Try again?"  # type: ignore[union-attr]


def test_external_select_options_come_from_the_bot(client: SlackClient, bot: FakeBot) -> None:
    view_id = _open_modal(client)
    bot.answers.append((200, {"options": [{"text": {"type": "plain_text", "text": "Asia/Shanghai"},
                                           "value": "Asia/Shanghai"}]}))
    outcome = client.suggest("U1", view_id, "zone", "tz", "shang")
    assert [o["value"] for o in outcome.options or []] == ["Asia/Shanghai"]
    sent = bot.last()
    assert (sent["type"], sent["action_id"], sent["block_id"], sent["value"]) == ("block_suggestion", "tz", "zone",
                                                                                 "shang")


def test_someone_elses_dialog_cannot_be_submitted(client: SlackClient) -> None:
    from sandbox.client import GestureError

    view_id = _open_modal(client)
    with pytest.raises(GestureError):
        client.submit("U2", view_id, {})


def test_app_home_opened_and_file_shared_events(client: SlackClient, bot: FakeBot) -> None:
    client.open_home("U1")
    event = bot.last()
    assert event["type"] == "event_callback" and event["event"]["type"] == "app_home_opened"
    assert (event["event"]["user"], event["event"]["tab"], event["event"]["channel"]) == ("U1", "home", "D1")
    assert event["event_id"].startswith("Ev") and event["authorizations"][0]["user_id"] == "UBOT"
    client.upload("U1", "C1", "tasks.csv", b"task,owner\nA,Maya\n")
    shared = bot.last()["event"]
    assert shared["type"] == "file_shared" and shared["channel_id"] == "C1" and shared["user_id"] == "U1"
    stored = client.store.file(shared["file_id"])
    assert stored is not None and stored.content == b"task,owner\nA,Maya\n"
    assert client.store.messages("C1", viewer="U2")[-1].files[0]["name"] == "tasks.csv"
