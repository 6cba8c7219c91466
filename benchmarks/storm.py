"""The 21:00 storm: 1,000 campaigns whose daily summaries and charts fall due at once, while Slack keeps sending
commands. Acknowledgements must not notice.

    python benchmarks/storm.py [--campaigns 1000] [--rate 20] [--idle-seconds 20] [--database-url URL]

One run, one process under test, as `campaignbot run` serves: uvicorn in front of `build_asgi(create_app(...))`,
with the scheduler pass in a background thread of the same process (the runner's thread), charts drawn by the
chart pool's worker processes. The Slack stand-in runs in a child process of its own, the load generator here.
Everything listens on 127.0.0.1 only, the run is bounded (a hard deadline), and every child is stopped.

Data: each campaign has three totals, two rates and a lift (`/campaign targets`), two sources with planned shares and
budgets, and a fortnight of reports carrying the figures those need, so each summary judges goals and sources too.

Load: `/campaign help` at a steady `--rate` requests/s from four keep-alive clients, the whole time. First an
idle phase (no pass), then the storm: one `run_due` at 21:00 campaign time in which every campaign's summary,
chart, anomaly check and the delivery of it all to the stand-in happen. Latency is client-side, request sent to
response read. The last line is `storm: idle p99 X ms, storm p99 Y ms, ratio R`; the goal is R <= 1.5 and the
whole run within 5 minutes on 2 cores.

Exit status: 1 when a request failed or the run could not finish, else 0 (3 with --strict when R > 1.5).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import logging
import os
import socket
import sys
import tempfile
import threading
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx

BENCHMARKS = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCHMARKS.parent))
sys.path.insert(0, str(BENCHMARKS))

from ack_latency import HOST, READY, Child, percentile  # noqa: E402

from tests.support.databases import wipe  # noqa: E402
from tests.support.payloads import SIGNING_SECRET, signed_headers, slash_command  # noqa: E402

GOAL_RATIO = 1.5
GOAL_SECONDS = 300.0  # the whole run, set-up included, on 2 cores
RUN_DEADLINE = 600.0  # hard stop: a run on a busy machine still ends, and says how long it took
SHANGHAI = ZoneInfo("Asia/Shanghai")
START, END = date(2026, 5, 1), date(2026, 5, 31)
STORM_DAY = date(2026, 5, 15)
STORM_AT = datetime(2026, 5, 15, 21, 0, tzinfo=SHANGHAI)
LATER = datetime(2026, 6, 30, tzinfo=SHANGHAI)
TARGETS = {"exposure": 1_000_000, "clicks": 30_000, "sales": Decimal(200_000)}
SOURCES = ("WeChat", "Douyin")
SOURCE_PLAN = {"WeChat": (Decimal(60), Decimal(150_000)), "Douyin": (Decimal(40), Decimal(100_000))}  # share %, budget
# Rates and lifts as `/campaign targets` stores them (goal, kind, target as typed, baseline): new-customer share
# ≥ 40%, ROI ≥ 300%, brand searches +30% on 1,000 a day.
GOALS = (("new_customer_share", "rate", Decimal(40), None), ("roi", "rate", Decimal(300), None),
         ("brand_searches", "lift", Decimal(30), Decimal(1000)))
CLIENTS = 4


# --- the data: campaigns mid-window, each with a summary due at 21:00 --------------------------------------


def populate(database_url: str, campaigns: int) -> None:
    from sqlalchemy import insert

    from storage.migrate import upgrade
    from storage.models import Campaign, CampaignGoal, CampaignReporter, DailyReport, KpiTarget, ReportSource
    from storage.session import make_engine

    engine = make_engine(database_url)
    upgrade(engine)
    wipe(engine)  # a PostgreSQL database given with --database-url keeps what an earlier run left
    now = STORM_AT - timedelta(days=1)
    days = (STORM_DAY - START).days + 1
    window = (END - START).days + 1
    with engine.begin() as connection:
        connection.execute(insert(Campaign), [
            {"id": n + 1, "team_id": "T1", "name": f"Storm {n}", "theme": "", "objective": "sales",
             "status": "running", "start_date": START, "end_date": END, "owner_id": f"U_OWNER{n}",
             "channel_id": f"C_STORM{n}", "budget": Decimal(300_000), "contingency_pct": 10,
             "timezone": "Asia/Shanghai",
             "created_by": f"U_OWNER{n}", "created_at": now, "updated_at": now, "next_event_at": LATER,
             "next_summary_at": STORM_AT}
            for n in range(campaigns)
        ])
        connection.execute(insert(KpiTarget), [
            {"campaign_id": n + 1, "metric": metric, "target": target}
            for n in range(campaigns) for metric, target in TARGETS.items()
        ])
        connection.execute(insert(CampaignGoal), [
            {"campaign_id": n + 1, "goal": goal, "kind": kind, "target": target, "baseline": baseline,
             "updated_by": f"U_OWNER{n}", "updated_at": now}
            for n in range(campaigns) for goal, kind, target, baseline in GOALS
        ])
        connection.execute(insert(ReportSource), [
            {"campaign_id": n + 1, "name": source, "position": position, "share_pct": SOURCE_PLAN[source][0],
             "budget": SOURCE_PLAN[source][1]}
            for n in range(campaigns) for position, source in enumerate(SOURCES)
        ])
        connection.execute(insert(CampaignReporter), [
            {"campaign_id": n + 1, "user_id": f"U_REPORTER{n}", "next_prompt_at": LATER} for n in range(campaigns)
        ])
        rows = []
        for n in range(campaigns):
            # One campaign in five runs 30% behind on clicks: its summary also opens an incident.
            clicks_share = 0.7 if n % 5 == 0 else 1.05
            for day in range(days):
                for source in SOURCES:
                    rows.append({
                        "campaign_id": n + 1, "day": START + timedelta(days=day), "source": source,
                        "reporter_id": f"U_REPORTER{n}", "created_at": now, "updated_at": now,
                        "exposure": TARGETS["exposure"] // window // len(SOURCES) + 500,
                        "clicks": int(TARGETS["clicks"] / window / len(SOURCES) * clicks_share),
                        "sales": Decimal(int(TARGETS["sales"] / window / len(SOURCES))) + 100,
                        "spend": Decimal(4000), "conversions": 40, "new_customers": 17, "brand_searches": 700,
                    })
        for start in range(0, len(rows), 5000):
            connection.execute(insert(DailyReport), rows[start:start + 5000])
    engine.dispose()


# --- the process under test ------------------------------------------------------------------------------


def serve_bot(database_url: str, standin_url: str, result_path: str) -> None:
    import uvicorn

    from bot.kernel.config import Settings
    from bot.runtime.app import build_services, create_app
    from bot.runtime.http_server import EVENTS_PATH, build_asgi
    from bot.summary.scheduled import CHART_WARM_UP
    from scheduler.passes import run_due
    from scheduler.runner import share_process_with_listeners

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings(database_url=database_url, slack_bot_token="xoxb-storm", slack_signing_secret=SIGNING_SECRET,
                        slack_api_url=standin_url)
    services = build_services(settings)
    app = create_app(settings, services=services)
    share_process_with_listeners()  # what scheduler.runner.start_background does in `campaignbot run`
    services.charts.start(CHART_WARM_UP)  # so does this
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # see ack_latency.py: TCP_NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    server = uvicorn.Server(uvicorn.Config(build_asgi(app), log_level="warning"))

    def storm() -> None:
        started = time.perf_counter()
        report = run_due(services, STORM_AT)
        Path(result_path).write_text(json.dumps({"seconds": time.perf_counter() - started, "counts": report.counts,
                                                  "passes": report.seconds}))

    def control() -> None:
        # One line "storm" starts the pass in a thread of its own, as APScheduler's would; EOF stops the server.
        for line in sys.stdin:
            if line.strip() == "storm":
                threading.Thread(target=storm, name="scheduler", daemon=True).start()
        server.should_exit = True

    threading.Thread(target=control, name="control", daemon=True).start()
    print(f"{READY}http://{HOST}:{sock.getsockname()[1]}{EVENTS_PATH}", flush=True)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    gc.collect()
    gc.freeze()
    server.run(sockets=[sock])


# --- the load generator ----------------------------------------------------------------------------------


class Load:
    def __init__(self) -> None:
        self.samples: list[tuple[float, float]] = []  # (sent at, seconds to answer)
        self.failures: list[str] = []
        self.stop = asyncio.Event()

    async def client(self, url: str, rate: float, offset: float, user: str) -> None:
        interval = CLIENTS / rate
        async with httpx.AsyncClient(timeout=10) as http:
            due = time.perf_counter() + offset
            while not self.stop.is_set():
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                due += interval
                body = slash_command("help", user=user, trigger_id=f"storm-{time.monotonic_ns()}")
                sent = time.perf_counter()
                try:
                    response = await http.post(url, content=body, headers=signed_headers(body))
                except httpx.HTTPError as error:
                    self.failures.append(f"{type(error).__name__}: {error}")
                    continue
                if response.status_code == 200:
                    self.samples.append((sent, time.perf_counter() - sent))
                else:
                    self.failures.append(f"HTTP {response.status_code}: {response.text[:200]}")

    def between(self, start: float, end: float) -> list[float]:
        return [latency for sent, latency in self.samples if start <= sent < end]


async def measure(bot: Child, url: str, args: argparse.Namespace, result: Path) -> dict[str, Any]:
    load = Load()
    clients = [asyncio.create_task(load.client(url, args.rate, n / args.rate, f"U_LOAD{n}")) for n in range(CLIENTS)]
    await asyncio.sleep(args.warmup_seconds)  # caches, connections, the first users.info
    idle_from = time.perf_counter()
    await asyncio.sleep(args.idle_seconds)
    storm_from = time.perf_counter()
    assert bot.process.stdin is not None
    bot.process.stdin.write("storm\n")
    bot.process.stdin.flush()
    while not result.exists():
        if bot.process.poll() is not None:
            raise RuntimeError(f"the bot exited during the storm:\n{bot.log_tail()}")
        await asyncio.sleep(0.1)
    storm_to = time.perf_counter()
    load.stop.set()
    await asyncio.gather(*clients)
    outcome = json.loads(result.read_text())
    return {"idle": load.between(idle_from, storm_from), "storm": load.between(storm_from, storm_to),
            "failures": load.failures, "pass": outcome}


def run(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    children: list[Child] = []
    with tempfile.TemporaryDirectory(prefix="campaignbot-storm-") as folder:
        workdir = Path(folder)
        database_url = args.database_url or f"sqlite:///{workdir / 'storm.db'}"
        try:
            populate(database_url, args.campaigns)
            print(f"{args.campaigns:,} campaigns due at {STORM_AT.isoformat()} in "
                  f"{database_url.split('://')[0]} ({time.perf_counter() - started:.1f} s to set up)", flush=True)
            standin = Child("standin", workdir, "--slack-latency-ms", "0", script=BENCHMARKS / "ack_latency.py")
            children.append(standin)
            result = workdir / "storm-result.json"
            bot = Child("bot", workdir, "--database-url", database_url, "--standin", standin.url,
                        "--result", str(result), script=Path(__file__).resolve())
            children.append(bot)
            figures = asyncio.run(asyncio.wait_for(measure(bot, bot.url, args, result),
                                                   RUN_DEADLINE - (time.perf_counter() - started)))
        except RuntimeError as error:
            print(f"storm not measured: {error}", file=sys.stderr)
            return 1
        except TimeoutError:
            print(f"storm not measured: over the {RUN_DEADLINE:.0f} s deadline", file=sys.stderr)
            return 1
        finally:
            for child in reversed(children):
                child.stop()
    idle, storm = figures["idle"], figures["storm"]
    idle_p99, storm_p99 = percentile(idle, 99) * 1000, percentile(storm, 99) * 1000
    ratio = storm_p99 / idle_p99
    counts = figures["pass"]["counts"]
    print(f"storm pass: {figures['pass']['seconds']:.1f} s; summaries {counts.get('daily_summaries', 0):,} "
          f"messages decided, {counts.get('delivery', 0):,} delivered; "
          + ", ".join(f"{name} {took:.1f} s" for name, took in figures["pass"]["passes"].items() if took >= 0.1))
    print(f"idle:  {len(idle):,} acks, p50 {percentile(idle, 50) * 1000:.1f} ms, p99 {idle_p99:.1f} ms")
    print(f"storm: {len(storm):,} acks, p50 {percentile(storm, 50) * 1000:.1f} ms, p99 {storm_p99:.1f} ms")
    whole = time.perf_counter() - started
    print(f"failed requests: {len(figures['failures'])}; whole run {whole:.0f} s (goal <= {GOAL_SECONDS:.0f} s: "
          f"{'met' if whole <= GOAL_SECONDS else 'NOT met'}); load average {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} cores")
    print(f"storm: idle p99 {idle_p99:.1f} ms, storm p99 {storm_p99:.1f} ms, ratio {ratio:.2f}")
    if figures["failures"]:
        return 1
    return 3 if args.strict and (ratio > GOAL_RATIO or whole > GOAL_SECONDS) else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--campaigns", type=int, default=1000)
    parser.add_argument("--rate", type=float, default=20.0, help="requests/s over the whole run (default 20)")
    parser.add_argument("--warmup-seconds", type=float, default=5.0)
    parser.add_argument("--idle-seconds", type=float, default=20.0)
    parser.add_argument("--database-url", help="default: a fresh SQLite file; PostgreSQL works too (it is wiped)")
    parser.add_argument("--strict", action="store_true", help="exit 3 when the ratio is above 1.5")
    parser.add_argument("--serve", choices=("bot",), help=argparse.SUPPRESS)
    parser.add_argument("--standin", help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.serve:
        serve_bot(args.database_url, args.standin, args.result)
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
