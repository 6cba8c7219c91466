"""The sandbox's own entry point (`python -m sandbox`, `campaignbot-sandbox`): `run` (what `campaignbot run` hands
over to when there is no Slack token) and `demo`. The production CLI never imports this package."""

from __future__ import annotations

import argparse
import logging
import sys

from bot.kernel.config import Settings
from bot.kernel.errors import ConfigError
from bot.kernel.logs import configure_logging
from bot.runtime.serving import serve_until_stopped
from sandbox import demo
from sandbox.runner import SandboxProcess, confine, state_path
from scheduler.runner import start_background
from storage.migrate import upgrade
from storage.session import make_engine

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="campaignbot-sandbox", description="The bot with a local Slack stand-in.")
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="migrate the database, then serve the sandbox page and the bot")
    run.add_argument("--no-scheduler", action="store_true", help="run no scheduler passes")
    run.add_argument("--no-demo", action="store_true", help="do not seed the demo campaign")
    commands.add_parser("demo", help="seed the demo campaign (and the sandbox's conversation); safe twice")
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        configure_logging(settings)
        if args.command == "run":
            return run_sandbox(settings, scheduler=not args.no_scheduler, demo_on_empty=not args.no_demo)
        return _demo(settings)
    except ConfigError as error:
        print(f"campaignbot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


def _demo(settings: Settings) -> int:
    _migrate(settings)
    if settings.slack_bot_token:
        log.info("the demo campaign lives in the sandbox's workspace; with SLACK_BOT_TOKEN set, `campaignbot run` "
                 "talks to your Slack instead, where its people do not exist")
    seeded = seed_demo_once(settings)
    print("demo campaign seeded" if seeded else "demo campaign already there; nothing to do")
    return 0
