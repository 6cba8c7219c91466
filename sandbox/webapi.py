"""The Slack Web API methods the bot calls, answered from the sandbox workspace.

One implementation serves both the tests and the page. `strict` is Slack's own behaviour (unknown
channels, users, messages and triggers are errors; blocks and views are checked against Slack's limits
with slack_sdk's models, so what Slack would refuse is refused here too). Tests run it lenient, as the
stand-in always was: anything unknown is accepted, so a test only sets up what it asserts on. Every call
is recorded with its parsed body; tests may script answers (`script`) or replace a method (`respond_with`).
"""

from __future__ import annotations

import json
import threading
from collections import defaultdict, deque
from collections.abc import Callable
from datetime import datetime
from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.views import View

from sandbox.records import Channel, Message, StoredFile, ViewRecord
from sandbox.store import SandboxStore
from sandbox.webapi_files import FileMethods
from sandbox.webapi_shapes import (
    MESSAGE_BLOCK_LIMIT,
    MESSAGE_TEXT_LIMIT,
    VIEW_STACK_LIMIT,
    ApiError,
    Call,
    Reply,
    Responder,
    Scripted,
    Workspace,
    check_blocks,
)


class SlackWebAPI(FileMethods):
    def __init__(
        self, store: SandboxStore, *, now: Callable[[], datetime], strict: bool,
        workspace: Workspace | None = None, bot_token: str | None = None,
    ) -> None:
        self.store = store
        self.now = now
        self.strict = strict
        self.workspace = workspace or Workspace()
        self.bot_token = bot_token
        self.public_url = "http://127.0.0.1"  # set by the server once it has a port
        self.calls: list[Call] = []
        self.downloads: list[tuple[str, str]] = []  # (file id, Authorization header)
        self.users_page_size = 200
        self._scripts: dict[str, deque[Scripted]] = defaultdict(deque)
        self._responders: dict[str, Responder] = {}
        self._lock = threading.Lock()
        self._lenient_ts = 1_700_000_000
        self.on_change: Callable[[], None] = lambda: None

    # --- scripting (tests) -------------------------------------------------------------------------------
    def script(self, method: str, *responses: Scripted) -> None:
        with self._lock:
            self._scripts[method].extend(responses)

    def respond_with(self, method: str, responder: Responder) -> None:
        self._responders[method] = responder

    def forget_scripts(self) -> None:
        with self._lock:
            self._scripts.clear()
            self._responders.clear()

    # --- entry points ----------------------------------------------------------------------------------------
    def handle(self, method: str, body: dict[str, Any], headers: dict[str, str]) -> Reply:
        with self._lock:
            if isinstance(self.calls, list):
                self.calls.append(Call(method, body, headers))
            else:  # a benchmark may count calls instead of keeping them
                self.calls.append(Call(method, {}, {}))
            scripted = self._scripts[method].popleft() if self._scripts[method] else None
        if scripted is not None:
            return Reply(scripted.status, scripted.body or {"ok": True}, scripted.headers, scripted.drop_connection)
        responder = self._responders.get(method)
        if responder is not None:
            return Reply(200, responder(body))
        try:
            self._authorise(method, body, headers)
            handler = self._methods().get(method)
            if handler is None:
                if self.strict:
                    raise ApiError("unknown_method")
                return Reply(200, {"ok": True})
            return Reply(200, {"ok": True, **handler(body)})
        except ApiError as error:
            return Reply(200, {"ok": False, "error": error.code, **error.extra})

    def handle_upload(self, file_id: str, content: bytes) -> Reply:
        """Step 2 of files_upload_v2: the bytes themselves, posted to the URL step 1 gave."""
        if not self.store.put_file_content(file_id, content) and self.strict:
            return Reply(404, {"ok": False, "error": "file_not_found"})
        if not self.strict and self.store.file(file_id) is None:
            self.store.add_file(file_id=file_id, name=file_id, content=content, user=self.workspace.bot_user_id,
                                now=self.now())
        return Reply(200, {"ok": True})

    def download(self, file_id: str, authorization: str) -> tuple[int, StoredFile | None]:
        """`url_private`: served only to a request carrying the bot token, as Slack does."""
        with self._lock:
            self.downloads.append((file_id, authorization))
        found = self.store.file(file_id)
        if found is None or found.content is None:
            return 404, None
        if not self._token_ok(authorization.removeprefix("Bearer ").strip()):
            return 403, None
        return 200, found

    # --- helpers ---------------------------------------------------------------------------------------------
    def _methods(self) -> dict[str, Callable[[dict[str, Any]], dict[str, Any]]]:
        return {
            "auth.test": self._auth_test,
            "chat.postMessage": self._post_message,
            "chat.update": self._update_message,
            "chat.delete": self._delete_message,
            "chat.postEphemeral": self._post_ephemeral,
            "views.open": self._views_open,
            "views.push": self._views_push,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "users.info": self._users_info,
            "users.list": self._users_list,
            "users.lookupByEmail": self._users_lookup_by_email,
            "conversations.open": self._conversations_open,
            "conversations.join": self._conversations_join,
            "conversations.info": self._conversations_info,
            "conversations.list": self._conversations_list,
            "conversations.members": self._conversations_members,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "files.getUploadURLExternal": self._files_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "files.info": self._files_info,
        }

    def _authorise(self, method: str, body: dict[str, Any], headers: dict[str, str]) -> None:
        if not self.strict:
            return
        header = next((value for name, value in headers.items() if name.lower() == "authorization"), "")
        token = header.removeprefix("Bearer ").strip() or str(body.get("token") or "")
        if not token:
            raise ApiError("not_authed")
        if not self._token_ok(token):
            raise ApiError("invalid_auth")

    def _token_ok(self, token: str) -> bool:
        if self.bot_token is None:
            return token.startswith("xoxb-")
        return token == self.bot_token

    def next_ts(self) -> str:
        """Message timestamps as Slack writes them, unique and increasing; from the sandbox clock when strict."""
        with self._lock:
            if not self.strict:
                self._lenient_ts += 1
                return f"{self._lenient_ts}.000100"
            micros = int(self.now().timestamp() * 1_000_000)
            last = int(self.store.meta("last_ts_micros") or 0)
            micros = max(micros, last + 1)
            self.store.set_meta("last_ts_micros", str(micros))
            return f"{micros // 1_000_000}.{micros % 1_000_000:06d}"

    def _channel_for_post(self, channel_id: str) -> Channel:
        if not channel_id:
            raise ApiError("channel_not_found")
        if channel_id.startswith(("U", "W")):  # posting to a user id lands in the app's DM with them
            if self.strict and self.store.user(channel_id) is None:
                raise ApiError("channel_not_found")
            return self.store.im_for(channel_id)
        found = self.store.channel(channel_id)
        if found is not None:
            if self.strict and not found.is_im and not self.store.is_member(found.id, self.workspace.bot_user_id):
                raise ApiError("not_in_channel")
            return found
        if self.strict:
            raise ApiError("channel_not_found")
        if channel_id.startswith("D"):
            return self.store.put_channel(Channel(id=channel_id, name=channel_id, is_im=True,
                                                  im_user="U" + channel_id[1:], is_private=True))
        return self.store.put_channel(Channel(id=channel_id, name=channel_id.lower()))

    def _message_content(self, body: dict[str, Any]) -> tuple[str, list[dict[str, Any]] | None]:
        text = str(body.get("text") or "")
        blocks = body.get("blocks")
        if isinstance(blocks, str):
            blocks = json.loads(blocks) if blocks else None
        if self.strict:
            if not text and not blocks:
                raise ApiError("no_text")
            if len(text) > MESSAGE_TEXT_LIMIT:
                raise ApiError("msg_too_long")
            check_blocks(blocks or [], MESSAGE_BLOCK_LIMIT)
        return text, blocks or None

    # --- auth and chat ---------------------------------------------------------------------------------------
    def _auth_test(self, body: dict[str, Any]) -> dict[str, Any]:
        ws = self.workspace
        return {"url": f"{self.public_url}/", "team": ws.team_name, "user": ws.bot_name, "team_id": ws.team_id,
                "user_id": ws.bot_user_id, "bot_id": ws.bot_id, "is_enterprise_install": False}

    def _post_message(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = self._channel_for_post(str(body.get("channel") or ""))
        text, blocks = self._message_content(body)
        ts = self.next_ts()
        thread_ts = body.get("thread_ts") or None
        metadata = self._metadata(body)
        self.store.add_message(channel=channel.id, ts=ts, user=self.workspace.bot_user_id, bot=True, text=text,
                               blocks=blocks, thread_ts=thread_ts, posted_at=self.now(), metadata=metadata)
        self.on_change()
        return {"channel": channel.id, "ts": ts,
                "message": {"type": "message", "text": text, "blocks": blocks or [], "ts": ts,
                            "user": self.workspace.bot_user_id, "bot_id": self.workspace.bot_id}}

    def _metadata(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """Message metadata as Slack takes it: an event_type and an event_payload object."""
        metadata = body.get("metadata")
        if metadata is None or metadata == "":
            return None
        if isinstance(metadata, str):
            try:
                metadata = json.loads(metadata)
            except json.JSONDecodeError:
                raise ApiError("invalid_metadata_format") from None
        if (not isinstance(metadata, dict) or not isinstance(metadata.get("event_type"), str)
                or not isinstance(metadata.get("event_payload"), dict)):
            raise ApiError("invalid_metadata_format")
        return {"event_type": metadata["event_type"], "event_payload": metadata["event_payload"]}

    def _update_message(self, body: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(body.get("channel") or ""), str(body.get("ts") or "")
        text, blocks = self._message_content(body)
        found = self.store.message(channel, ts)
        if found is None:
            if self.strict:
                raise ApiError("message_not_found")
        elif found.bot is False and self.strict:
            raise ApiError("cant_update_message")
        else:
            self.store.update_message(channel, ts, text=text, blocks=blocks)
            self.on_change()
        return {"channel": channel, "ts": ts, "text": text}

    def _delete_message(self, body: dict[str, Any]) -> dict[str, Any]:
        channel, ts = str(body.get("channel") or ""), str(body.get("ts") or "")
        found = self.store.message(channel, ts)
        if found is None and self.strict:
            raise ApiError("message_not_found")
        if found is not None:
            if not found.bot and self.strict:
                raise ApiError("cant_delete_message")
            self.store.delete_message(channel, ts)
            self.on_change()
        return {"channel": channel, "ts": ts}

    def _post_ephemeral(self, body: dict[str, Any]) -> dict[str, Any]:
        user = str(body.get("user") or "")
        channel = self._channel_for_post(str(body.get("channel") or ""))
        if self.strict:
            if self.store.user(user) is None:
                raise ApiError("user_not_found")
            if not channel.is_im and not self.store.is_member(channel.id, user):
                raise ApiError("user_not_in_channel")
        text, blocks = self._message_content(body)
        ts = self.next_ts()
        self.store.add_message(channel=channel.id, ts=ts, user=self.workspace.bot_user_id, bot=True, text=text,
                               blocks=blocks, visible_to=user, thread_ts=body.get("thread_ts") or None,
                               posted_at=self.now())
        self.on_change()
        return {"message_ts": ts}

    # --- views -----------------------------------------------------------------------------------------------
    def _view_data(self, body: dict[str, Any], kind: str) -> dict[str, Any]:
        view = body.get("view")
        if isinstance(view, str):
            view = json.loads(view)
        if not isinstance(view, dict):
            raise ApiError("invalid_arguments")
        if self.strict:
            if view.get("type") != kind:
                raise ApiError("invalid_arguments", response_metadata={"messages": [f"view type must be {kind}"]})
            try:
                View(**view).validate_json()
            except (SlackObjectFormationError, TypeError) as error:
                raise ApiError("invalid_arguments", response_metadata={"messages": [str(error)]}) from None
        return view

    def _trigger_user(self, body: dict[str, Any]) -> str:
        trigger_id = str(body.get("trigger_id") or "")
        user, used = self.store.use_trigger(trigger_id)
        if user is None:
            if self.strict:
                raise ApiError("invalid_trigger_id")
            return "U_TEST"
        if used and self.strict:
            raise ApiError("trigger_exchanged")
        return user

    def _answer(self, record: ViewRecord) -> dict[str, Any]:
        ws = self.workspace
        return {"view": record.payload(team_id=ws.team_id, app_id=ws.app_id, bot_id=ws.bot_id)}

    def _views_open(self, body: dict[str, Any]) -> dict[str, Any]:
        data = self._view_data(body, "modal")
        user = self._trigger_user(body)
        record = self.store.open_modal(user, data, replace=True)
        self.on_change()
        return self._answer(record)

    def _views_push(self, body: dict[str, Any]) -> dict[str, Any]:
        data = self._view_data(body, "modal")
        user = self._trigger_user(body)
        if self.strict and not self.store.modal_stack(user):
            raise ApiError("not_found")  # Slack pushes only onto an open modal
        if len(self.store.modal_stack(user)) >= VIEW_STACK_LIMIT:
            raise ApiError("push_limit_reached")
        record = self.store.open_modal(user, data, replace=False)
        self.on_change()
        return self._answer(record)

    def _views_update(self, body: dict[str, Any]) -> dict[str, Any]:
        data = self._view_data(body, str((body.get("view") or {}).get("type") or "modal")
                               if isinstance(body.get("view"), dict) else "modal")
        view_id = str(body.get("view_id") or "")
        record = self.store.view(view_id) if view_id else None
        if record is None and body.get("external_id"):
            record = self.store.view_by_external_id(str(body["external_id"]))
        if record is None or not record.open:
            if self.strict:
                raise ApiError("not_found")
            return {"view": {"id": view_id or "V123", **data}}
        if body.get("hash") and body["hash"] != record.hash:
            raise ApiError("hash_conflict")
        updated = self.store.replace_view(record.id, data)
        self.on_change()
        assert updated is not None
        return self._answer(updated)

    def _views_publish(self, body: dict[str, Any]) -> dict[str, Any]:
        data = self._view_data(body, "home")
        user = str(body.get("user_id") or "")
        if self.strict and self.store.user(user) is None:
            raise ApiError("user_not_found")
        existing = self.store.home(user)
        if body.get("hash") and existing is not None and body["hash"] != existing.hash:
            raise ApiError("hash_conflict")
        record = self.store.publish_home(user, data)
        self.on_change()
        return self._answer(record)

    # --- people ----------------------------------------------------------------------------------------------
    def _users_info(self, body: dict[str, Any]) -> dict[str, Any]:
        user_id = str(body.get("user") or "")
        user = self.store.user(user_id)
        if user is None:
            if self.strict:
                raise ApiError("user_not_found")
            user = {"id": user_id, "tz": "Asia/Shanghai", "locale": "en-US"}
        return {"user": user}

    def _users_list(self, body: dict[str, Any]) -> dict[str, Any]:
        members = self.store.users()
        try:
            start = int(body.get("cursor") or 0)
        except ValueError:
            raise ApiError("invalid_cursor") from None
        end = start + self.users_page_size
        cursor = str(end) if end < len(members) else ""
        return {"members": members[start:end], "response_metadata": {"next_cursor": cursor}}

    def _users_lookup_by_email(self, body: dict[str, Any]) -> dict[str, Any]:
        email = str(body.get("email", "")).lower()
        for user in self.store.users():
            if str((user.get("profile") or {}).get("email", "")).lower() == email and email:
                return {"user": user}
        raise ApiError("users_not_found")

    # --- conversations ---------------------------------------------------------------------------------------
    def _conversation(self, channel: Channel) -> dict[str, Any]:
        members = self.store.members(channel.id)
        return {"id": channel.id, "name": channel.name, "is_channel": not channel.is_im, "is_im": channel.is_im,
                "is_private": channel.is_private, "is_member": self.workspace.bot_user_id in members or channel.is_im,
                "user": channel.im_user, "topic": {"value": channel.topic}, "num_members": len(members)}

    def _conversations_open(self, body: dict[str, Any]) -> dict[str, Any]:
        users = [user for user in str(body.get("users") or "").split(",") if user]
        if len(users) != 1:
            raise ApiError("not_implemented" if users else "users_list_not_supplied")
        if self.strict and self.store.user(users[0]) is None:
            raise ApiError("user_not_found")
        return {"channel": {"id": self.store.im_for(users[0]).id}}

    def _known_channel(self, body: dict[str, Any]) -> Channel:
        channel_id = str(body.get("channel") or "")
        found = self.store.channel(channel_id)
        if found is None:
            if self.strict:
                raise ApiError("channel_not_found")
            found = self.store.put_channel(Channel(id=channel_id, name=channel_id.lower()))
        return found

    def _conversations_join(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = self._known_channel(body)
        if channel.is_private and self.strict and not self.store.is_member(channel.id, self.workspace.bot_user_id):
            raise ApiError("method_not_supported_for_channel_type")
        self.store.add_member(channel.id, self.workspace.bot_user_id)
        return {"channel": self._conversation(channel)}

    def _conversations_info(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"channel": self._conversation(self._known_channel(body))}

    def _conversations_list(self, body: dict[str, Any]) -> dict[str, Any]:
        types = str(body.get("types") or "public_channel")
        wanted = [channel for channel in self.store.channels(include_ims="im" in types)
                  if (channel.is_im and "im" in types)
                  or (not channel.is_im and (("private_channel" in types) if channel.is_private
                                             else ("public_channel" in types)))]
        return {"channels": [self._conversation(channel) for channel in wanted],
                "response_metadata": {"next_cursor": ""}}

    def _conversations_members(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"members": self.store.members(self._known_channel(body).id), "response_metadata": {"next_cursor": ""}}

    def _conversations_history(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = self._known_channel(body)
        limit = min(int(body.get("limit") or 100), 1000)
        # As Slack does: top-level messages only, newest first; a thread's replies come from conversations.replies.
        messages = self.store.messages(channel.id, viewer=None, limit=limit, top_level=True)
        return {"messages": [self._listed(m, body) for m in reversed(messages)], "has_more": False}

    def _conversations_replies(self, body: dict[str, Any]) -> dict[str, Any]:
        channel = self._known_channel(body)
        ts = str(body.get("ts") or "")
        if not ts:
            raise ApiError("invalid_arguments")
        limit = min(int(body.get("limit") or 1000), 1000)
        # As Slack does: the parent first, then its replies oldest first, whichever message of the thread `ts` names.
        thread = self.store.thread(channel.id, ts, limit=limit)
        if not thread:
            raise ApiError("thread_not_found")
        # Slack names the thread on every message of it, the parent's included.
        return {"messages": [{**self._listed(m, body), "thread_ts": thread[0].ts} for m in thread], "has_more": False,
                "response_metadata": {"next_cursor": ""}}

    @staticmethod
    def _listed(message: Message, body: dict[str, Any]) -> dict[str, Any]:
        """A message as the conversations.* readers list it; metadata only to a caller that asks for it."""
        with_metadata = str(body.get("include_all_metadata") or "").lower() in ("1", "true")
        listed: dict[str, Any] = {"type": "message", "ts": message.ts, "user": message.user, "text": message.text,
                                  "blocks": message.blocks or []}
        if message.thread_ts:
            listed["thread_ts"] = message.thread_ts
        if with_metadata and message.metadata:
            listed["metadata"] = message.metadata
        return listed
