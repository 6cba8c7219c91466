"""Build the Bolt app. Nothing is created at import time: everything comes through create_app."""

from __future__ import annotations

import logging
from concurrent.futures import Executor
from functools import partial

from slack_bolt import App
from slack_sdk import WebClient

from bot.campaigns.service.quiet import CampaignQuietHours
from bot.kernel.clock import Clock, SystemClock
from bot.kernel.config import Settings
from bot.kernel.logs import ContextThreadPool
from bot.kernel.metrics import Metrics, attach
from bot.kernel.services import Services
from bot.kernel.slack.directory import Directory
from bot.kernel.slack.gateway import ChannelPacer, SlackGateway, make_web_client
from bot.language.flows import chosen_locale
from bot.runtime.nul_bytes import strip_nul
from handlers import register_listeners
from storage.session import SessionFactory, make_engine, make_session_factory

LISTENER_THREADS = 64


def build_services(
    settings: Settings,
    *,
    client: WebClient | None = None,
    session_factory: SessionFactory | None = None,
    clock: Clock | None = None,
    pacer: ChannelPacer | None = None,
) -> Services:
    """Everything listeners and scheduler passes share; one per process."""
    client = client or make_web_client(settings.slack_bot_token, settings.slack_api_url)
    clock = clock or SystemClock()
    if session_factory is None:
        session_factory = make_session_factory(make_engine(settings.database_url))
    metrics = Metrics()
    metrics.watch_outbox(session_factory)
    gateway = SlackGateway(client, pacer=pacer, metrics=metrics)
    services = Services(settings=settings, clock=clock, sessions=session_factory, slack=gateway,
                        directory=Directory(gateway, clock, partial(chosen_locale, session_factory)),
                        metrics=metrics)
    services.quiet = CampaignQuietHours(services)
    return services


def create_app(
    settings: Settings,
    *,
    client: WebClient | None = None,
    session_factory: SessionFactory | None = None,
    clock: Clock | None = None,
    listener_executor: Executor | None = None,
    services: Services | None = None,
) -> App:
    services = services or build_services(settings, client=client, session_factory=session_factory, clock=clock)
    if listener_executor is None:
        # Listeners acknowledge from Bolt's pool, then keep their thread for Web API calls (views.open, posts).
        # Bolt's default of 5 threads makes acknowledgements queue behind those calls under load.
        # Context-copying, so a listener's log lines keep the request id.
        listener_executor = ContextThreadPool(max_workers=LISTENER_THREADS, thread_name_prefix="listener")
    app = App(
        client=services.slack.client,
        signing_secret=settings.slack_signing_secret or "",
        # auth.test at start-up would make every process (and test) call Slack before serving anything;
        # a bad token shows up on the first call instead, with Slack's own error.
        token_verification_enabled=False,
        request_verification_enabled=not settings.socket_mode,
        listener_executor=listener_executor,
        logger=logging.getLogger("campaignbot.bolt"),
    )
    app.use(strip_nul)  # after Bolt's own signature check, before every listener
    register_listeners(app, services)
    attach(app, services.metrics)
    return app
