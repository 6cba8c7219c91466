"""Drive the bot the way Slack does: signed HTTP requests to the ASGI app, Web API calls to the stand-in."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from sqlmodel import Session
from starlette.testclient import TestClient

from bot.kernel.clock import FixedClock
from bot.kernel.config import Settings
from bot.kernel.ids import Action
from bot.kernel.slack.gateway import ChannelPacer, make_web_client
from bot.runtime.app import build_services, create_app
from bot.runtime.http_server import EVENTS_PATH, build_asgi
from storage.session import SessionFactory, session_scope
from tests.support import payloads
from tests.support.slack_standin import SlackStandIn

APPROVING_ADMIN = "U_ADMIN"


class InlineExecutor(Executor):
    """Runs Bolt's post-ack work before the HTTP response returns, so tests see its effects at once."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:
            future.set_exception(error)
        return future


class BotHarness:
    def __init__(self, *, standin: SlackStandIn, session_factory: SessionFactory, now: datetime,
                 timezone: str = "Asia/Shanghai") -> None:
        self.standin = standin
        self.clock = FixedClock(now)
        self.settings = Settings(
            database_url="(injected)", slack_bot_token="xoxb-test", slack_signing_secret=payloads.SIGNING_SECRET,
            slack_api_url=standin.url, default_timezone=timezone,
        )
        # Pacing is real, but its waits are recorded instead of slept, so tests stay fast and can assert on it.
        self.pacing_waits: list[float] = []
        pacer = ChannelPacer(sleep=self.pacing_waits.append)
        # Slack's retries are real too, without the seconds of backoff between them.
        client = make_web_client(self.settings.slack_bot_token, standin.url,
                                 backoff=FixedValueRetryIntervalCalculator(0.0))
        self.services = build_services(self.settings, client=client, session_factory=session_factory,
                                       clock=self.clock, pacer=pacer)
        self.app = create_app(self.settings, services=self.services, listener_executor=InlineExecutor())
        self.http = TestClient(build_asgi(self.app))

    def post(self, body: str, headers: dict[str, str] | None = None) -> Any:
        return self.http.post(EVENTS_PATH, content=body, headers=headers or payloads.signed_headers(body))

    def command(self, text: str, *, user: str = "U_OWNER", channel: str = payloads.CHANNEL) -> Any:
        return self.post(payloads.slash_command(text, user=user, channel=channel))

    def click(self, action_id: str, value: str, *, user: str = "U_OWNER", **kwargs: Any) -> Any:
        return self.post(payloads.block_action(action_id, value, user=user, **kwargs))

    def approve(self, campaign_id: str = "1", *, user: str = APPROVING_ADMIN) -> Any:
        """Sign the campaign off as someone other than its owner (the owner never approves their own campaign): by
        default a workspace admin, added to the stand-in as one unless the test set that person up itself."""
        if user == APPROVING_ADMIN and self.standin.store.user(user) is None:
            self.standin.add_user(user, is_admin=True)
        return self.click(Action.APPROVE_CAMPAIGN, campaign_id, user=user)

    def submit(self, callback_id: str, values: dict[str, Any], *, user: str = "U_OWNER",
               private_metadata: str = "") -> Any:
        return self.post(payloads.view_submission(callback_id, values, user=user, private_metadata=private_metadata))

    def suggest(self, action_id: str, value: str, *, user: str = "U_OWNER") -> Any:
        return self.post(payloads.block_suggestion(action_id, value, user=user))

    @contextmanager
    def session(self) -> Iterator[Session]:
        with session_scope(self.services.sessions) as session:
            yield session


def response_json(response: Any) -> dict[str, Any]:
    return json.loads(response.text) if response.text else {}
