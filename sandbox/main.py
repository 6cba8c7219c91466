"""`campaignbot run` without Slack tokens, and `campaignbot demo`."""

from __future__ import annotations

import logging

from bot.config import Settings
from bot.runtime.serving import serve_until_stopped
from sandbox import demo
from sandbox.runner import SandboxProcess, confine, state_path
from scheduler.runner import start_background
from storage.db import make_engine
from storage.migrate import upgrade

log = logging.getLogger(__name__)


def _migrate(settings: Settings) -> None:
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()


def run_sandbox(settings: Settings, *, scheduler: bool, demo_on_empty: bool) -> int:
    confine(settings)
    _migrate(settings)
    process = SandboxProcess(settings, sandbox_port=settings.sandbox_port, bot_port=settings.port,
                             state=state_path(settings.database_url))
    background: list = []

    def start() -> None:
        process.start()
        if demo_on_empty and demo.database_is_empty(process):
            log.info("empty database: seeding the demo campaign %s (campaignbot run --no-demo skips this)",
                     demo.DEMO_NAME)
            demo.seed(process)
        if scheduler:
            background.append(start_background(process.services, tick=process.stepper.tick))

    def ready() -> None:
        print(f"Sandbox: {process.sandbox_url}/", flush=True)
        log.info("no SLACK_BOT_TOKEN: the bot talks to the local sandbox above; set the tokens to use Slack")

    return serve_until_stopped(start=start, ready=ready, steps=[
        ("passes", process.services.stopping.set),
        ("http", process.stop_serving),
        ("scheduler", lambda: background[0].shutdown(wait=True) if background else None),
        ("finish", process.finish),
    ])


def seed_demo_once(settings: Settings) -> bool:
    """Seed the demo campaign unless it is there; the servers run on free ports only while seeding."""
    confine(settings)
    process = SandboxProcess(settings, sandbox_port=0, bot_port=0, state=state_path(settings.database_url))
    process.start()
    try:
        if demo.demo_exists(process):
            return False
        demo.seed(process)
        return True
    finally:
        process.stop_serving()
        process.finish()
