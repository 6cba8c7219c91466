"""The one place that calls the Slack Web API.

Retries (rate limits with Retry-After, 5xx, dropped connections) come from slack_sdk's retry handlers on
the client; this class adds per-channel pacing for chat.postMessage (Slack allows about one message per
second per channel) and speaks in the bot's terms rather than raw API methods.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.blocks.text import FALLBACK_TEXT_LIMIT, truncate

log = logging.getLogger(__name__)

POST_INTERVAL_SECONDS = 1.0


def make_web_client(token: str | None, base_url: str, *, max_retries: int = 3) -> WebClient:
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=10,
        retry_handlers=[
            ConnectionErrorRetryHandler(max_retry_count=max_retries),
            RateLimitErrorRetryHandler(max_retry_count=max_retries),
            ServerErrorRetryHandler(max_retry_count=max_retries),
        ],
    )


@dataclass(frozen=True)
class PostedMessage:
    channel: str
    ts: str


@dataclass(frozen=True)
class UserProfile:
    user_id: str
    is_admin: bool
    tz: str | None
    locale: str | None


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

    def wait_turn(self, channel: str) -> None:
        with self._lock:
            now = self._monotonic()
            slot = max(now, self._next_slot.get(channel, now))
            self._next_slot[channel] = slot + self._interval
        if slot > now:
            self._sleep(slot - now)


class SlackGateway:
    def __init__(self, client: WebClient, *, pacer: ChannelPacer | None = None) -> None:
        self.client = client
        self._pacer = pacer or ChannelPacer()

    def post_message(self, channel: str, *, text: str, blocks: Sequence[Block] | None = None) -> PostedMessage:
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

    def open_view(self, trigger_id: str, view: View) -> None:
        self.client.views_open(trigger_id=trigger_id, view=view)

    def join_channel(self, channel: str) -> bool:
        """Join a public channel; False when Slack says the bot cannot (private channel, archived, …)."""
        try:
            self.client.conversations_join(channel=channel)
        except SlackApiError as error:
            log.info("could not join %s: %s", channel, error.response.get("error"))
            return False
        return True

    def user_profile(self, user_id: str) -> UserProfile:
        user = self.client.users_info(user=user_id, include_locale=True)["user"]
        return UserProfile(
            user_id=user_id,
            is_admin=bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner")),
            tz=user.get("tz"),
            locale=user.get("locale"),
        )
