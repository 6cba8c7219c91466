"""The bot and its local Slack in one process: `campaignbot run` without SLACK_BOT_TOKEN, and `campaignbot demo`.

The bot is the production app, unchanged: its Web API base URL is the sandbox, its clock the sandbox's, its
requests signed with a secret made up for this run. Both servers listen on 127.0.0.1 only, and the process
is confined to loopback (sandbox.guard), so nothing can reach slack.com.
"""

from __future__ import annotations

import dataclasses
import logging
import secrets
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.kernel.config import Settings
from bot.kernel.services import Services
from bot.kernel.slack.gateway import ChannelPacer
from bot.kernel.slack.outbox import release_leases
from bot.runtime.app import LISTENER_THREADS, build_services, create_app
from bot.runtime.http_server import EVENTS_PATH, build_asgi
from bot.runtime.serving import HttpServers, Listener, bind, port_of
from sandbox.bot_link import BotLink
from sandbox.client import SlackClient
from sandbox.clock import SandboxClock
from sandbox.driver import Person
from sandbox.guard import LoopbackOnly, confine_to_loopback
from sandbox.server import Sandbox, build_sandbox_app
from sandbox.settle import TrackingExecutor
from sandbox.stepper import Stepper, StepReport
from sandbox.store import SandboxStore
from sandbox.webapi import SlackWebAPI
from sandbox.workspace import SANDBOX_WORKSPACE, ensure_workspace
from storage.session import SessionFactory

log = logging.getLogger(__name__)

HOST = "127.0.0.1"


def state_path(database_url: str) -> Path:
    """The sandbox's SQLite file: next to a SQLite database, else in the working directory."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        return database.with_name(database.stem + ".sandbox" + (database.suffix or ".db"))
    return Path("campaignbot.sandbox.db")


def database_host(database_url: str) -> str | None:
    url = make_url(database_url)
    return url.host if url.get_backend_name() != "sqlite" else None


class SandboxProcess:
    """Everything the sandbox runs, built but not started; tests build one on ports 0."""

    def __init__(self, settings: Settings, *, sandbox_port: int, bot_port: int, state: Path | str,
                 session_factory: SessionFactory | None = None, clock_start: datetime | None = None) -> None:
        self.store = SandboxStore(state)
        ensure_workspace(self.store)
        self.clock = SandboxClock(self.store, start=clock_start)
        self._sandbox_socket = bind(HOST, sandbox_port, what="the sandbox page", variable="SANDBOX_PORT")
        self._bot_socket = bind(HOST, bot_port, what="the bot", variable="PORT")
        self.sandbox_url = f"http://{HOST}:{port_of(self._sandbox_socket)}"
        self.bot_url = f"http://{HOST}:{port_of(self._bot_socket)}"
        bot_token = "xoxb-sandbox-" + secrets.token_hex(12)
        signing_secret = secrets.token_hex(16)
        self.api = SlackWebAPI(self.store, now=self.clock.now, strict=True, workspace=SANDBOX_WORKSPACE,
                               bot_token=bot_token)
        self.api.public_url = self.sandbox_url
        self.settings = dataclasses.replace(
            settings, slack_bot_token=bot_token, slack_signing_secret=signing_secret, slack_app_token=None,
            slack_api_url=f"{self.sandbox_url}/api/",
        )
        # The sandbox has no rate limits, so the bot needs no pacing between posts to one channel.
        self.services: Services = build_services(self.settings, clock=self.clock, session_factory=session_factory,
                                                 pacer=ChannelPacer(interval=0))
        self.listener_executor = TrackingExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="listener")
        self.bot_app = create_app(self.settings, services=self.services, listener_executor=self.listener_executor)
        self.client = SlackClient(self.store, self.api, BotLink(self.bot_url + EVENTS_PATH, signing_secret),
                                  now=self.clock.now)
        self.stepper = Stepper(self.services, self.clock)
        self.sandbox = Sandbox(store=self.store, api=self.api, client=self.client, clock=self.clock,
                               advance=self.advance)
        self._servers = HttpServers([
            Listener(build_sandbox_app(self.sandbox), self._sandbox_socket, "sandbox"),
            Listener(LoopbackOnly(build_asgi(self.bot_app)), self._bot_socket, "bot"),
        ])

    def settle(self) -> None:
        """Wait until the bot's listeners have finished what they do after acknowledging."""
        self.listener_executor.wait_idle()

    def person(self, user: str) -> Person:
        return Person(self.client, user, settle=self.settle)

    def advance(self, by: timedelta) -> StepReport:
        return self.stepper.advance(by)

    def start(self) -> None:
        self._servers.start()

    def stop_serving(self) -> None:
        self._servers.stop()

    def finish(self) -> None:
        """After the servers stopped: let listener threads end, hand back leases, remember the clock."""
        self.listener_executor.shutdown(wait=True, cancel_futures=False)
        release_leases(self.services)
        self.clock.save()
        self.store.close()


def confine(settings: Settings) -> None:
    host = database_host(settings.database_url)
    confine_to_loopback([host] if host else [])
