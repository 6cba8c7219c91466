"""`campaignbot` console command (README.md, "Console command")."""

from __future__ import annotations

import argparse
import gc
import importlib.util
import logging
import os
import sys
from datetime import datetime

from bot.kernel.config import Settings
from bot.kernel.errors import ConfigError
from bot.kernel.logs import configure_logging

log = logging.getLogger("campaignbot")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        configure_logging(settings)
        return int(args.handler(settings, args) or 0)
    except ConfigError as error:
        print(f"campaignbot: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="campaignbot", description="Run marketing campaigns from Slack.")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser(
        "run", help="migrate the database, then serve Slack (and run the scheduler); "
                    "without SLACK_BOT_TOKEN, the local sandbox")
    run.add_argument("--no-scheduler", action="store_true", help="serve Slack only; another process runs passes")
    run.add_argument("--no-demo", action="store_true", help="sandbox: do not seed the demo campaign")
    run.set_defaults(handler=_run)

    demo = commands.add_parser("demo", help="seed the demo campaign (and the sandbox's conversation); safe twice")
    demo.set_defaults(handler=_demo)

    migrate = commands.add_parser("migrate", help="bring the database schema to the newest version")
    migrate.set_defaults(handler=_migrate)

    scheduler = commands.add_parser("scheduler", help="run the scheduler passes every minute, serve nothing")
    scheduler.set_defaults(handler=_scheduler)

    tick = commands.add_parser("tick", help="one scheduler pass as of an instant, then exit")
    tick.add_argument("--at", required=True, type=_instant, help="ISO 8601 with offset, e.g. 2026-05-10T09:00:00+08:00")
    tick.set_defaults(handler=_tick)
    return parser


def _instant(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO 8601 date and time") from None
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs a UTC offset, e.g. {text}+08:00")
    return value


def _migrate(settings: Settings, _: argparse.Namespace) -> int:
    from storage.migrate import upgrade
    from storage.session import make_engine

    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    log.info("database is at the newest schema (%s)", engine.url.render_as_string(hide_password=True))
    return 0


def _run(settings: Settings, args: argparse.Namespace) -> int:
    if settings.sandbox:
        return _hand_over_to_sandbox(["run", *(["--no-scheduler"] if args.no_scheduler else []),
                                      *(["--no-demo"] if args.no_demo else [])])
    settings.require_slack()
    _migrate(settings, args)

    from concurrent.futures import ThreadPoolExecutor

    from bot.kernel.slack.outbox import release_leases
    from bot.runtime.app import LISTENER_THREADS, build_services, create_app
    from bot.runtime.serving import serve_until_stopped

    services = build_services(settings)
    executor = ThreadPoolExecutor(max_workers=LISTENER_THREADS, thread_name_prefix="listener")
    app = create_app(settings, services=services, listener_executor=executor)
    scheduler = None
    if not args.no_scheduler:
        from scheduler.runner import start_background

        scheduler = start_background(services)
    # Everything loaded so far lives as long as the process: keep it out of the collector's full passes,
    # which otherwise pause every request in flight for tens of milliseconds.
    gc.collect()
    gc.freeze()

    # First of all, passes stop after what they are doing; what they claimed and did not send is released last.
    stop_passes = ("passes", services.stopping.set)
    stop_scheduler = ("scheduler", lambda: scheduler.shutdown(wait=True) if scheduler else None)
    finish = [("listeners", lambda: executor.shutdown(wait=True)), ("leases", lambda: release_leases(services))]
    if settings.socket_mode:
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        handler = SocketModeHandler(app, settings.slack_app_token)
        return serve_until_stopped(
            start=handler.connect, ready=lambda: log.info("connected to Slack in Socket Mode"),
            steps=[stop_passes, ("socket", handler.close), stop_scheduler, *finish],
        )

    from bot.runtime.http_server import build_asgi
    from bot.runtime.serving import HttpServers, Listener, bind

    servers = HttpServers([Listener(build_asgi(app), bind("0.0.0.0", settings.port, what="Slack", variable="PORT"),
                                    "slack")])
    return serve_until_stopped(
        start=servers.start, ready=lambda: log.info("serving Slack on http://0.0.0.0:%s/slack/events", settings.port),
        steps=[stop_passes, ("http", servers.stop), stop_scheduler, *finish],
    )


def _demo(settings: Settings, args: argparse.Namespace) -> int:
    return _hand_over_to_sandbox(["demo"])


def _hand_over_to_sandbox(arguments: list[str]) -> int:
    """Become the sandbox's own entry point (same process id, environment and working directory, so signals and
    a supervisor see no difference); this module never imports the sandbox, which a production image may lack."""
    if importlib.util.find_spec("sandbox") is None:
        raise ConfigError("SLACK_BOT_TOKEN is not set, and this installation has no sandbox to run instead. "
                          "Set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (see manifest.yml).")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(sys.executable, [sys.executable, "-m", "sandbox", *arguments])
    return 0  # not reached: execv replaces this process


def _scheduler(settings: Settings, args: argparse.Namespace) -> int:
    settings.require_slack()
    _migrate(settings, args)
    from bot.kernel.slack.outbox import release_leases
    from bot.runtime.app import build_services
    from bot.runtime.serving import serve_until_stopped
    from scheduler.runner import start_background

    services = build_services(settings)
    holder: list = []
    return serve_until_stopped(
        start=lambda: holder.append(start_background(services)),
        ready=lambda: log.info("running scheduler passes every minute"),
        steps=[("passes", services.stopping.set), ("scheduler", lambda: holder[0].shutdown(wait=True)),
               ("leases", lambda: release_leases(services))],
    )


def _tick(settings: Settings, args: argparse.Namespace) -> int:
    settings.require_slack()
    _migrate(settings, args)
    from bot.kernel.clock import FixedClock
    from bot.runtime.app import build_services
    from scheduler.passes import run_due

    services = build_services(settings, clock=FixedClock(args.at))
    report = run_due(services, args.at)
    decided = ", ".join(f"{name} {count}" for name, count in report.counts.items())
    print(f"pass at {args.at.isoformat()}: {report.sent} message(s) sent ({decided})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
