"""What Slack's client does when a person types, clicks, submits or uploads.

Each gesture becomes the request Slack would send the bot (slash command, block_actions, view_submission,
block_suggestion, an Events API callback), and the bot's answer is followed the way Slack follows it: a
command's acknowledgement becomes a message only its author sees, `response_action` updates, pushes,
clears or marks fields of the modal, and a `response_url` post replaces, deletes or adds a message.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sandbox.bot_link import BotAnswer, BotLink
from sandbox.records import Channel, Message, ViewRecord
from sandbox.store import SandboxStore
from sandbox.view_state import Raw, action_item, build_state, kept_state, stateful_elements
from sandbox.webapi import SlackWebAPI

log = logging.getLogger(__name__)

SLACKBOT = "USLACKBOT"
VERIFICATION_TOKEN = "sandbox-verification-token"
# The events this app subscribes to in manifest.yml (a test keeps the two lists equal).
SUBSCRIBED_EVENTS = frozenset({"app_home_opened", "file_shared"})
SLASH_COMMANDS = frozenset({"/campaign"})


class GestureError(Exception):
    """A gesture the page should not have sent (unknown view, someone else's modal, ...): a 4xx for the page."""


@dataclass(frozen=True)
class Outcome:
    ok: bool
    error: str | None = None  # Slack's word for what went wrong
    options: list[dict[str, Any]] | None = None  # block_suggestion answers


class SlackClient:
    def __init__(self, store: SandboxStore, api: SlackWebAPI, link: BotLink, *,
                 now: Callable[[], datetime]) -> None:
        self.store = store
        self.api = api
        self.link = link
        self.now = now

    @property
    def ws(self) -> Any:
        return self.api.workspace

    # --- typing in the message box -------------------------------------------------------------------------------
    def send_message(self, user: str, channel_id: str, text: str) -> Outcome:
        channel = self._channel(channel_id, user)
        text = text.strip()
        if not text:
            return Outcome(True)
        if text.startswith("/"):
            command, _, rest = text.partition(" ")
            return self._slash_command(user, channel, command, rest.strip())
        self.store.add_message(channel=channel.id, ts=self.api.next_ts(), user=user, bot=False,
                               text=_as_slack_text(text),
                               posted_at=self.now())
        return Outcome(True)

    def _slash_command(self, user: str, channel: Channel, command: str, text: str) -> Outcome:
        if command not in SLASH_COMMANDS:
            self._slackbot(user, channel.id, f"`{_as_slack_text(command)}` is not a valid command. In Slack, "
                                             "all messages that start with the \"/\" character are interpreted "
                                             "as commands.")
            return Outcome(False, "unknown_command")
        token = self.store.new_response_token({"kind": "command", "user": user, "channel": channel.id})
        fields = {
            "token": VERIFICATION_TOKEN, "team_id": self.ws.team_id, "team_domain": self.ws.team_domain,
            "channel_id": channel.id, "channel_name": "directmessage" if channel.is_im else channel.name,
            "user_id": user, "user_name": self._username(user), "command": command, "text": text,
            "api_app_id": self.ws.app_id, "is_enterprise_install": "false",
            "response_url": self._response_url(token), "trigger_id": self.store.new_trigger(user),
        }
        answer = self.link.command(fields)
        if not answer.ok:
            self._slackbot(user, channel.id, f"{command} failed with the error \"{answer.error or 'dispatch_failed'}\"")
            return Outcome(False, answer.error or "dispatch_failed")
        self._post_answer(user, channel.id, answer)
        return Outcome(True)

    def _post_answer(self, user: str, channel_id: str, answer: BotAnswer) -> None:
        """An acknowledgement with a body is a message: only its author sees it, unless it says in_channel."""
        body = answer.json()
        if body is None:
            text = answer.text().strip()
            if text:
                self._bot_message(channel_id, text=text, blocks=None, visible_to=user)
            return
        if not (body.get("text") or body.get("blocks")):
            return
        visible_to = None if body.get("response_type") == "in_channel" else user
        self._bot_message(channel_id, text=str(body.get("text") or ""), blocks=body.get("blocks"),
                          visible_to=visible_to)

    # --- buttons, menus and pickers ------------------------------------------------------------------------------
    def act_in_message(self, user: str, channel_id: str, ts: str, block_id: str, action_id: str,
                       value: Raw = None, raw_state: dict[str, dict[str, Raw]] | None = None) -> Outcome:
        message = self.store.message(channel_id, ts)
        if message is None or (message.visible_to not in (None, user)):
            raise GestureError("that message is gone")
        element = _find_element(message.blocks or [], block_id, action_id)
        token = self.store.new_response_token({"kind": "action", "user": user, "channel": channel_id, "ts": ts})
        payload = self._actions_payload(user, element, block_id, value)
        payload.update({
            "container": {"type": "message", "message_ts": ts, "channel_id": channel_id,
                          "is_ephemeral": message.visible_to is not None},
            "channel": {"id": channel_id, "name": self._channel_name(channel_id)},
            "state": build_state(message.blocks or [], raw_state or {}, self._file_object),
            "response_url": self._response_url(token),
        })
        if message.visible_to is None:  # Slack leaves an ephemeral message out of the payload
            payload["message"] = self._message_payload(message)
        answer = self.link.interaction(payload)
        if not answer.ok:
            error = answer.error or "dispatch_failed"
            self._slackbot(user, channel_id, f"{self.ws.bot_name} did not respond ({error}).")
            return Outcome(False, answer.error)
        return Outcome(True)

    def act_in_view(self, user: str, view_id: str, block_id: str, action_id: str, value: Raw = None,
                    raw_state: dict[str, dict[str, Raw]] | None = None) -> Outcome:
        record = self._own_view(user, view_id)
        element = _find_element(record.data.get("blocks") or [], block_id, action_id)
        payload = self._actions_payload(user, element, block_id, value)
        payload.update({
            "container": {"type": "view", "view_id": record.id},
            "view": self._view_payload(record, raw_state or {}),
        })
        answer = self.link.interaction(payload)
        if not answer.ok:
            if record.kind == "modal":
                self.store.set_view_notice(record.id, "We had some trouble connecting. Try again?")
            return Outcome(False, answer.error)
        return Outcome(True)

    def _actions_payload(self, user: str, element: dict[str, Any], block_id: str, value: Raw) -> dict[str, Any]:
        return {
            "type": "block_actions", "user": self._user_ref(user), "api_app_id": self.ws.app_id,
            "token": VERIFICATION_TOKEN, "trigger_id": self.store.new_trigger(user),
            "team": {"id": self.ws.team_id, "domain": self.ws.team_domain}, "enterprise": None,
            "is_enterprise_install": False,
            "actions": [action_item(element, block_id, value, self._action_ts())],
        }

    # --- modals --------------------------------------------------------------------------------------------------
    def submit(self, user: str, view_id: str, raw_state: dict[str, dict[str, Raw]]) -> Outcome:
        record = self._own_view(user, view_id)
        if record.kind != "modal" or not record.open:
            raise GestureError("that dialog is closed")
        view = self._view_payload(record, raw_state)
        payload = {
            "type": "view_submission", "team": {"id": self.ws.team_id, "domain": self.ws.team_domain},
            "user": self._user_ref(user), "api_app_id": self.ws.app_id, "token": VERIFICATION_TOKEN,
            "trigger_id": self.store.new_trigger(user), "view": view,
            "response_urls": self._response_urls(user, record, view["state"]),
            "enterprise": None, "is_enterprise_install": False,
        }
        answer = self.link.interaction(payload)
        if not answer.ok:
            self.store.set_view_notice(record.id, "We had some trouble connecting. Try again?")
            return Outcome(False, answer.error or "dispatch_failed")
        body = answer.json() or {}
        action = body.get("response_action")
        if action == "errors":
            errors = body.get("errors") if isinstance(body.get("errors"), dict) else {}
            self.store.set_view_errors(record.id, {str(key): str(value) for key, value in errors.items()})
            return Outcome(False, "errors")
        if action == "update" and isinstance(body.get("view"), dict):
            self.store.replace_view(record.id, body["view"])
        elif action == "push" and isinstance(body.get("view"), dict):
            # The submitted view stays underneath as the person left it, for Back (Slack's view stack).
            self.store.replace_view(record.id, {**record.data, "blocks": kept_state(record.data.get("blocks") or [],
                                                                                     raw_state)})
            self.store.open_modal(user, body["view"], replace=False)
        elif action == "clear":
            self.store.close_modals(user)
        else:  # an empty acknowledgement closes the view that was submitted
            self.store.close_view(record.id)
        return Outcome(True)

    def close(self, user: str, view_id: str) -> Outcome:
        record = self._own_view(user, view_id)
        view = self._view_payload(record, {})
        self.store.close_view(record.id)
        if record.data.get("notify_on_close"):
            self.link.interaction({
                "type": "view_closed", "team": {"id": self.ws.team_id, "domain": self.ws.team_domain},
                "user": self._user_ref(user), "api_app_id": self.ws.app_id, "token": VERIFICATION_TOKEN,
                "view": view, "is_cleared": False,
            })
        return Outcome(True)

    def suggest(self, user: str, view_id: str, block_id: str, action_id: str, typed: str) -> Outcome:
        """External selects ask the bot for options as the person types."""
        record = self._own_view(user, view_id)
        payload = {
            "type": "block_suggestion", "user": self._user_ref(user),
            "container": {"type": "view", "view_id": record.id}, "api_app_id": self.ws.app_id,
            "token": VERIFICATION_TOKEN, "action_id": action_id, "block_id": block_id, "value": typed,
            "team": {"id": self.ws.team_id, "domain": self.ws.team_domain},
            "view": self._view_payload(record, {}),
        }
        answer = self.link.interaction(payload)
        body = answer.json() or {}
        options = list(body.get("options") or [])
        for group in body.get("option_groups") or []:
            options.extend(group.get("options") or [])
        return Outcome(answer.ok, answer.error, options=options)

    # --- App Home and files --------------------------------------------------------------------------------------
    def open_home(self, user: str, tab: str = "home") -> Outcome:
        home = self.store.home(user)
        event: dict[str, Any] = {"type": "app_home_opened", "user": user, "channel": self.store.im_for(user).id,
                                 "tab": tab, "event_ts": self._action_ts()}
        if home is not None:
            event["view"] = home.payload(team_id=self.ws.team_id, app_id=self.ws.app_id, bot_id=self.ws.bot_id)
        return self._event(event)

    def upload(self, user: str, channel_id: str, name: str, content: bytes) -> Outcome:
        """A person drops a file into a conversation: the file is shared there and the bot hears `file_shared`."""
        channel = self._channel(channel_id, user)
        stored = self.store.add_file(file_id=self.store.new_id("F"), name=name, content=content, user=user,
                                     channel=channel.id, now=self.now())
        self.store.add_message(channel=channel.id, ts=self.api.next_ts(), user=user, bot=False, text="",
                               files=[self.api.file_object(stored)], posted_at=self.now())
        return self._event({"type": "file_shared", "file_id": stored.id, "user_id": user, "file": {"id": stored.id},
                            "channel_id": channel.id, "event_ts": self._action_ts()})

    def upload_for_input(self, user: str, name: str, content: bytes) -> str:
        """A file chosen in a modal's file input: uploaded at once, handed to the bot with the submission."""
        stored = self.store.add_file(file_id=self.store.new_id("F"), name=name, content=content, user=user,
                                     now=self.now())
        return stored.id

    def _event(self, event: dict[str, Any]) -> Outcome:
        if event["type"] not in SUBSCRIBED_EVENTS:
            return Outcome(True)
        envelope = {
            "token": VERIFICATION_TOKEN, "team_id": self.ws.team_id, "api_app_id": self.ws.app_id, "event": event,
            "type": "event_callback", "event_id": "Ev" + secrets.token_hex(6).upper(),
            "event_time": int(self.now().timestamp()),
            "authorizations": [{"enterprise_id": None, "team_id": self.ws.team_id, "user_id": self.ws.bot_user_id,
                                "is_bot": True, "is_enterprise_install": False}],
            "is_ext_shared_channel": False,
        }
        answer = self.link.event(envelope)
        return Outcome(answer.ok, answer.error)

    # --- response_url --------------------------------------------------------------------------------------------
    def respond(self, token: str, body: dict[str, Any]) -> bool:
        context = self.store.response_context(token)
        if context is None:
            return False
        user, channel = context["user"], context["channel"]
        original = self.store.message(channel, context["ts"]) if context.get("kind") == "action" else None
        if original is not None and _flag(body.get("delete_original")):
            self.store.delete_message(channel, original.ts)
            return True
        if original is not None and _flag(body.get("replace_original")):
            self.store.update_message(channel, original.ts, text=str(body.get("text") or ""), blocks=body.get("blocks"))
            return True
        if body.get("text") or body.get("blocks"):
            visible_to = None if body.get("response_type") == "in_channel" else user
            self._bot_message(channel, text=str(body.get("text") or ""), blocks=body.get("blocks"),
                              visible_to=visible_to)
        return True

    # --- helpers -------------------------------------------------------------------------------------------------
    def _channel(self, channel_id: str, user: str) -> Channel:
        channel = self.store.channel(channel_id)
        if channel is None:
            raise GestureError(f"no conversation {channel_id}")
        if channel.is_im and channel.im_user != user:
            raise GestureError("that conversation belongs to someone else")
        return channel

    def _own_view(self, user: str, view_id: str) -> ViewRecord:
        record = self.store.view(view_id)
        if record is None or record.user != user or not record.open:
            raise GestureError("that view is not open for this person")
        return record

    def _view_payload(self, record: ViewRecord, raw_state: dict[str, dict[str, Raw]]) -> dict[str, Any]:
        state = build_state(record.data.get("blocks") or [], raw_state, self._file_object)
        return record.payload(team_id=self.ws.team_id, app_id=self.ws.app_id, bot_id=self.ws.bot_id, state=state)

    def _response_urls(self, user: str, record: ViewRecord, state: dict[str, Any]) -> list[dict[str, Any]]:
        """Conversation pickers with `response_url_enabled` hand the bot a response URL for the chosen channel."""
        urls = []
        for block_id, element in stateful_elements(record.data.get("blocks") or []):
            if not element.get("response_url_enabled"):
                continue
            action_id = element.get("action_id") or ""
            chosen = state["values"].get(block_id, {}).get(action_id, {})
            channel = chosen.get("selected_conversation") or chosen.get("selected_channel")
            if channel:
                token = self.store.new_response_token({"kind": "command", "user": user, "channel": channel})
                urls.append({"block_id": block_id, "action_id": action_id, "channel_id": channel,
                             "response_url": self._response_url(token)})
        return urls

    def _file_object(self, file_id: str) -> dict[str, Any] | None:
        found = self.store.file(file_id)
        return self.api.file_object(found) if found else None

    def _message_payload(self, message: Message) -> dict[str, Any]:
        payload: dict[str, Any] = {"type": "message", "ts": message.ts, "text": message.text,
                                   "blocks": message.blocks or [], "user": message.user}
        if message.bot:
            payload.update({"bot_id": self.ws.bot_id, "app_id": self.ws.app_id})
        return payload

    def _bot_message(self, channel: str, *, text: str, blocks: list[dict[str, Any]] | None,
                     visible_to: str | None) -> None:
        self.store.add_message(channel=channel, ts=self.api.next_ts(), user=self.ws.bot_user_id, bot=True, text=text,
                               blocks=blocks or None, visible_to=visible_to, posted_at=self.now())

    def _slackbot(self, user: str, channel: str, text: str) -> None:
        self.store.add_message(channel=channel, ts=self.api.next_ts(), user=SLACKBOT, bot=True, text=text,
                               visible_to=user, posted_at=self.now())

    def _user_ref(self, user: str) -> dict[str, Any]:
        return {"id": user, "username": self._username(user), "name": self._username(user), "team_id": self.ws.team_id}

    def _username(self, user: str) -> str:
        return str((self.store.user(user) or {}).get("name") or user.lower())

    def _channel_name(self, channel_id: str) -> str:
        channel = self.store.channel(channel_id)
        return "directmessage" if channel is None or channel.is_im else channel.name

    def _response_url(self, token: str) -> str:
        return f"{self.api.public_url}/response/{token}"

    def _action_ts(self) -> str:
        return f"{self.now().timestamp():.6f}"


def _find_element(blocks: list[dict[str, Any]], block_id: str, action_id: str) -> dict[str, Any]:
    for index, block in enumerate(blocks):
        if (block.get("block_id") or f"b{index}") != block_id:
            continue
        candidates = [block.get("element"), block.get("accessory"), *(block.get("elements") or [])]
        for element in candidates:
            if isinstance(element, dict) and (element.get("action_id") or "") == action_id:
                return element
    raise GestureError("that button is no longer there")


def _flag(value: Any) -> bool:
    return value is True or str(value).lower() == "true"


def _as_slack_text(text: str) -> str:
    """What Slack stores for typed text: &, < and > escaped, so nothing typed becomes a mention or a link."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
