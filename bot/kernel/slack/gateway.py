"""The one place that calls the Slack Web API.

Retries (rate limits with Retry-After, 5xx, dropped connections) come from slack_sdk's retry handlers on
the client; this class adds per-channel pacing for chat.postMessage (Slack allows about one message per
second per channel) and speaks in the bot's terms rather than raw API methods.

A Retry-After longer than `MAX_RETRY_AFTER_SECONDS` is not slept on: the 429 reaches the caller, which hands
the work back to its queue, so one post cannot stall a process (or outlive an outbox lease) for minutes.
"""

from __future__ import annotations

import logging
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.handler import default_interval_calculator
from slack_sdk.http_retry.interval_calculator import RetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.web.slack_response import SlackResponse
from slack_sdk.webhook import WebhookClient

from bot.kernel.blockkit.text import FALLBACK_TEXT_LIMIT, truncate
from bot.kernel.metrics import Metrics

log = logging.getLogger(__name__)

POST_INTERVAL_SECONDS = 1.0
MAX_RETRY_AFTER_SECONDS = 20
# Slack's answers that concern the workspace's token, not one message: nothing can be sent until it works again.
TOKEN_REFUSED = frozenset({"invalid_auth", "account_inactive", "not_authed", "token_revoked", "token_expired"})
# Message metadata carrying the outbox key, so a re-send after a crash can first look for the first send.
DELIVERY_EVENT = "campaignbot_delivery"


def retry_after_seconds(headers: Any) -> int | None:
    """Retry-After of a response's headers (values may be lists, as slack_sdk keeps them), in whole seconds."""
    for name, value in dict(headers or {}).items():
        if name.lower() == "retry-after":
            value = value[0] if isinstance(value, list | tuple) and value else value
            try:
                return max(0, int(str(value)))
            except ValueError:
                return None
    return None


class CappedRateLimitRetryHandler(RateLimitErrorRetryHandler):
    """Retries a 429 after its Retry-After only when that wait is short; a longer one is the caller's to plan."""

    def __init__(self, max_retry_count: int, max_wait: float = MAX_RETRY_AFTER_SECONDS) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self.max_wait = max_wait

    def _can_retry(self, *, state: RetryState, request: HttpRequest, response: HttpResponse | None = None,
                   error: Exception | None = None) -> bool:
        if not super()._can_retry(state=state, request=request, response=response, error=error):
            return False
        wait = retry_after_seconds(response.headers if response is not None else None)
        return wait is None or wait <= self.max_wait


class MeteredWebClient(WebClient):
    """Counts every Web API call by method and status (`ok`, Slack's error code, or the exception's name) once
    `metrics` is set; every call, Bolt's and the gateway's, goes through `api_call`."""

    metrics: Metrics | None = None

    def api_call(self, api_method: str, **kwargs: Any) -> SlackResponse:  # type: ignore[override]
        if self.metrics is None:
            return super().api_call(api_method, **kwargs)
        status = "ok"
        try:
            return super().api_call(api_method, **kwargs)
        except SlackApiError as error:
            status = str((error.response or {}).get("error") or f"http_{error.response.status_code}")
            raise
        except Exception as error:
            status = type(error).__name__
            raise
        finally:
            self.metrics.slack_calls.labels(api_method, status).inc()


def make_web_client(
    token: str | None, base_url: str, *, max_retries: int = 3,
    backoff: RetryIntervalCalculator = default_interval_calculator, max_retry_after: float = MAX_RETRY_AFTER_SECONDS,
) -> WebClient:
    """A client that retries rate limits (after a short Retry-After), 5xx and dropped connections by itself."""
    return MeteredWebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=max_retries, interval_calculator=backoff),
            CappedRateLimitRetryHandler(max_retry_count=max_retries, max_wait=max_retry_after),
            ServerErrorRetryHandler(max_retry_count=max_retries, interval_calculator=backoff),
        ],
    )


@dataclass(frozen=True)
class PostedMessage:
    channel: str
    ts: str


@dataclass(frozen=True)
class SharedFile:
    id: str
    name: str
    size: int
    url: str


@dataclass(frozen=True)
class UserProfile:
    user_id: str
    is_admin: bool
    tz: str | None
    locale: str | None
    name: str | None = None  # as Slack shows the person: display name, else real name, else handle


class ChannelPacer:
    """Keeps posts to one channel at least `interval` seconds apart, across threads of this process."""

    def __init__(
        self,
        interval: float = POST_INTERVAL_SECONDS,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._interval = interval
        self._monotonic = monotonic
        self._sleep = sleep
        self._next_slot: dict[str, float] = {}
        self._lock = threading.Lock()

    def delay(self, channel: str) -> float:
        """How long a post to `channel` would wait now (nothing is reserved)."""
        with self._lock:
            return max(0.0, self._next_slot.get(channel, 0.0) - self._monotonic())

    def wait_turn(self, channel: str) -> None:
        with self._lock:
            now = self._monotonic()
            slot = max(now, self._next_slot.get(channel, now))
            self._next_slot[channel] = slot + self._interval
        if slot > now:
            self._sleep(slot - now)


class TokenPause:
    """Whether Slack refused the workspace's token lately. While it does, sending anything is pointless and each
    message would be marked failed for a reason not its own; delivery waits (growing pauses) and probes instead."""

    FIRST_WAIT = 30.0
    LONGEST_WAIT = 600.0

    def __init__(self, *, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.monotonic = monotonic
        self._until: float | None = None
        self._wait = self.FIRST_WAIT
        self._lock = threading.Lock()

    def refused(self, code: str) -> None:
        """Slack refused the token (`code`): pause; the first refusal of a run of them is logged as an ERROR."""
        with self._lock:
            first = self._until is None
            self._wait = self.FIRST_WAIT if first else min(self._wait * 2, self.LONGEST_WAIT)
            self._until = self.monotonic() + self._wait
        if first:
            log.error("Slack refused the bot token (%s): delivery is paused and every message stays pending; "
                      "check SLACK_BOT_TOKEN and the app's installation. Retrying every few minutes.", code)

    def paused(self) -> bool:
        """True while the pause runs; once it is over, the caller probes the token (`due_for_probe`)."""
        with self._lock:
            return self._until is not None and self.monotonic() < self._until

    def due_for_probe(self) -> bool:
        with self._lock:
            return self._until is not None and self.monotonic() >= self._until

    def accepted(self) -> None:
        with self._lock:
            was_paused, self._until = self._until is not None, None
        if was_paused:
            log.warning("Slack accepts the bot token again: delivering the pending messages")


class SlackGateway:
    def __init__(self, client: WebClient, *, pacer: ChannelPacer | None = None, metrics: Metrics | None = None) -> None:
        self.client = client
        self._pacer = pacer or ChannelPacer()
        self.token_pause = TokenPause()
        if metrics is not None and isinstance(client, MeteredWebClient):
            client.metrics = metrics

    def pacing_delay(self, channel: str) -> float:
        """Seconds before `channel` takes another message, so a sender can do other work meanwhile."""
        return self._pacer.delay(channel)

    def post_message(
        self, channel: str, *, text: str, blocks: Sequence[Block] | Sequence[dict[str, Any]] | None = None,
        delivery_key: str | None = None, thread_ts: str | None = None,
    ) -> PostedMessage:
        """Post (in the thread of `thread_ts` when given); with `delivery_key`, the message carries it in its
        metadata (see `find_delivered`)."""
        self._pacer.wait_turn(channel)
        extra: dict[str, Any] = {"thread_ts": thread_ts} if thread_ts else {}
        if delivery_key is not None:
            extra["metadata"] = {"event_type": DELIVERY_EVENT, "event_payload": {"key": delivery_key}}
        response = self.client.chat_postMessage(
            channel=channel, text=truncate(text, FALLBACK_TEXT_LIMIT), blocks=blocks, unfurl_links=False, **extra
        )
        return PostedMessage(channel=response["channel"], ts=response["ts"])

    def find_delivered(
        self, channel: str, delivery_key: str, *, thread_ts: str | None = None, look_back: int = 200,
    ) -> PostedMessage | None:
        """The message posted with `delivery_key` among the conversation's latest `look_back` (with `thread_ts`,
        among the first `look_back` of that thread), if any: a send whose answer was lost (the process died while
        Slack answered) may have landed."""
        conversation = self.open_dm(channel) if channel.startswith(("U", "W")) else channel
        if thread_ts:
            # conversations.history leaves thread replies out; only conversations.replies lists them.
            response = self.client.conversations_replies(channel=conversation, ts=thread_ts, limit=look_back,
                                                         include_all_metadata=True)
        else:
            response = self.client.conversations_history(channel=conversation, limit=look_back,
                                                         include_all_metadata=True)
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            if (metadata.get("event_type") == DELIVERY_EVENT
                    and (metadata.get("event_payload") or {}).get("key") == delivery_key):
                return PostedMessage(channel=conversation, ts=str(message.get("ts") or ""))
        return None

    def token_works(self) -> bool:
        """Whether Slack accepts the bot token now (auth.test); False only when it refuses the token itself."""
        try:
            self.client.auth_test()
        except SlackApiError as error:
            if str((error.response or {}).get("error") or "") in TOKEN_REFUSED:
                return False
            raise
        return True

    def update_message(
        self, channel: str, ts: str, *, text: str, blocks: Sequence[Block] | Sequence[dict[str, Any]] | None = None
    ) -> None:
        self.client.chat_update(channel=channel, ts=ts, text=truncate(text, FALLBACK_TEXT_LIMIT), blocks=blocks)

    def post_ephemeral(
        self, channel: str, user: str, *, text: str, blocks: Sequence[Block] | None = None
    ) -> None:
        self.client.chat_postEphemeral(
            channel=channel, user=user, text=truncate(text, FALLBACK_TEXT_LIMIT), blocks=blocks
        )

    def send_dm(self, user: str, *, text: str, blocks: Sequence[Block] | None = None) -> PostedMessage:
        # Posting to a user id lands in the app's DM with that user; no conversations.open round trip.
        return self.post_message(user, text=text, blocks=blocks)

    def respond(
        self, response_url: str, *, text: str, blocks: Sequence[Block] | None = None, replace_original: bool = True
    ) -> None:
        """Answer through an interaction's response_url: the only way to change an ephemeral message."""
        webhook = WebhookClient(
            response_url, timeout=10,
            retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=3), ServerErrorRetryHandler(max_retry_count=3)],
        )
        response = webhook.send(text=truncate(text, FALLBACK_TEXT_LIMIT), blocks=blocks,
                                replace_original=replace_original)
        if response.status_code != 200:
            log.warning("response_url answered %s: %s", response.status_code, response.body)

    def open_view(self, trigger_id: str, view: View | dict[str, Any]) -> None:
        self.client.views_open(trigger_id=trigger_id, view=view)

    def update_view(self, view_id: str, view: View | dict[str, Any]) -> None:
        self.client.views_update(view_id=view_id, view=view)

    def join_channel(self, channel: str) -> bool:
        """Join a public channel; False when Slack says the bot cannot (private channel, archived, …)."""
        try:
            self.client.conversations_join(channel=channel)
        except SlackApiError as error:
            log.info("could not join %s: %s", channel, error.response.get("error"))
            return False
        return True

    def channel_members(self, channel: str) -> tuple[bool, list[str]]:
        """(is the channel private, its members): conversations.info, then, for a private channel only (a public one
        anyone may join), conversations.members page by page."""
        private = bool(self.client.conversations_info(channel=channel)["channel"].get("is_private"))
        members: list[str] = []
        if not private:
            return private, members
        cursor: str | None = None
        while True:
            response = self.client.conversations_members(channel=channel, limit=500, cursor=cursor)
            members.extend(response.get("members", []))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return private, members

    def upload_file(
        self, channel: str, *, filename: str, content: bytes, title: str, comment: str | None = None
    ) -> None:
        self.client.files_upload_v2(channel=channel, file=content, filename=filename, title=title,
                                    initial_comment=comment)

    def open_dm(self, user: str) -> str:
        """The id of the app's DM with `user` (file uploads need a conversation id, not a user id)."""
        return self.client.conversations_open(users=user)["channel"]["id"]

    def list_users(self) -> list[dict[str, Any]]:
        """Every member of the workspace: one walk of users.list, page by page."""
        members: list[dict[str, Any]] = []
        cursor: str | None = None
        while True:
            response = self.client.users_list(limit=200, cursor=cursor)
            members.extend(response.get("members", []))
            cursor = (response.get("response_metadata") or {}).get("next_cursor") or None
            if not cursor:
                return members

    def lookup_user_by_email(self, email: str) -> str | None:
        try:
            return self.client.users_lookupByEmail(email=email)["user"]["id"]
        except SlackApiError as error:
            if error.response.get("error") == "users_not_found":
                return None
            raise

    def file_info(self, file_id: str) -> SharedFile:
        info = self.client.files_info(file=file_id)["file"]
        return SharedFile(id=file_id, name=info.get("name") or "", size=int(info.get("size") or 0),
                          url=info.get("url_private_download") or info.get("url_private") or "")

    def download(self, file: SharedFile, *, max_bytes: int) -> bytes:
        """The file's bytes with the bot token; stops reading past `max_bytes` (the caller refuses those)."""
        request = urllib.request.Request(file.url, headers={"Authorization": f"Bearer {self.client.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.read(max_bytes + 1)

    def user_profile(self, user_id: str) -> UserProfile:
        user = self.client.users_info(user=user_id, include_locale=True)["user"]
        return UserProfile(
            user_id=user_id,
            is_admin=bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")),
            tz=user.get("tz"),
            locale=user.get("locale"),
            name=_shown_name(user),
        )

    def publish_home(self, user_id: str, view: View | dict[str, Any]) -> None:
        """Show `view` as the person's App Home tab."""
        self.client.views_publish(user_id=user_id, view=view)


def _shown_name(user: dict[str, Any]) -> str | None:
    profile = user.get("profile") or {}
    for name in (profile.get("display_name"), profile.get("real_name"), user.get("real_name"), user.get("name")):
        if isinstance(name, str) and name.strip():
            return name.strip()
    return None
