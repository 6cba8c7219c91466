"""The one place that calls the Slack Web API.

Retries (rate limits with Retry-After, 5xx, dropped connections) come from slack_sdk's retry handlers on
the client; this class adds per-channel pacing for chat.postMessage (Slack allows about one message per
second per channel) and speaks in the bot's terms rather than raw API methods.
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
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View
from slack_sdk.web.slack_response import SlackResponse
from slack_sdk.webhook import WebhookClient

from bot.blocks.text import FALLBACK_TEXT_LIMIT, truncate
from bot.metrics import Metrics

log = logging.getLogger(__name__)

POST_INTERVAL_SECONDS = 1.0


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
    backoff: RetryIntervalCalculator = default_interval_calculator,
) -> WebClient:
    """A client that retries rate limits (after Retry-After), 5xx and dropped connections by itself."""
    return MeteredWebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=max_retries, interval_calculator=backoff),
            RateLimitErrorRetryHandler(max_retry_count=max_retries),
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


class SlackGateway:
    def __init__(self, client: WebClient, *, pacer: ChannelPacer | None = None, metrics: Metrics | None = None) -> None:
        self.client = client
        self._pacer = pacer or ChannelPacer()
        if metrics is not None and isinstance(client, MeteredWebClient):
            client.metrics = metrics

    def pacing_delay(self, channel: str) -> float:
        """Seconds before `channel` takes another message, so a sender can do other work meanwhile."""
        return self._pacer.delay(channel)

    def post_message(
        self, channel: str, *, text: str, blocks: Sequence[Block] | Sequence[dict[str, Any]] | None = None
    ) -> PostedMessage:
        self._pacer.wait_turn(channel)
        response = self.client.chat_postMessage(
            channel=channel, text=truncate(text, FALLBACK_TEXT_LIMIT), blocks=blocks, unfurl_links=False
        )
        return PostedMessage(channel=response["channel"], ts=response["ts"])

    def update_message(
        self, channel: str, ts: str, *, text: str, blocks: Sequence[Block] | None = None
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

    def join_channel(self, channel: str) -> bool:
        """Join a public channel; False when Slack says the bot cannot (private channel, archived, …)."""
        try:
            self.client.conversations_join(channel=channel)
        except SlackApiError as error:
            log.info("could not join %s: %s", channel, error.response.get("error"))
            return False
        return True

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
