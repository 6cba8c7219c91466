"""Acknowledgement latency of `/campaign help` and `/campaign new` under concurrent load, next to a bare Bolt app.

    python benchmarks/ack_latency.py [--clients 20] [--requests 300] [--rounds 5] [--rate N] [--slack-latency-ms N]
                                     [--json] [--strict]

Each server runs in its own child process (as in production: one process, uvicorn in front of
`build_asgi(bolt_app)`), so the load generator and the Slack stand-in never share a GIL with the app being
measured. The stand-in gets a child process of its own too. Everything listens on 127.0.0.1 only; the run is
bounded by request counts and a hard deadline, and every child process is stopped at the end.

Latency is client-side: from just before the signed request is sent until the whole response has been read.
The same uvicorn settings and the same Starlette wrapper serve both apps, so only the Bolt app differs.
A priming pass runs every scenario once unmeasured (imports, caches, first connections). Then rounds run every
scenario once each, in an order rotated each round; the table reports the median over rounds of each round's
p50 and p99 (a machine hiccup spoils one round, not the result), with every round's p99 and the pooled p99 of
all samples listed too. Goal (README.md, "Performance"): p99 of each campaignbot scenario <= 1.5 x p99 of the bare app.

By default each client sends its next request as soon as the last one is answered, which saturates a
single-process server: latency then follows CPU per request (Little's law), so a listener doing a Web API call
after its ack (`new`) compares badly with one that only acks. `--rate N` paces the clients to N requests/s in
all instead. The stand-in answers at once; real Slack takes 100-300 ms, and `--slack-latency-ms 150` (with
`--rate 60`, say) shows what that does to acknowledgements that wait for a free listener thread.
The load generator does not collect garbage while it times requests (a 100-300 ms pause of its event loop
would count against the app); the servers collect as they do in production.

Exit status: 1 when any request failed (not HTTP 200) or the run could not finish, else 0 (3 with --strict when
the goal is not met).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import logging
import math
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import IO, Any

import httpx

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.payloads import SIGNING_SECRET, signed_headers, slash_command  # noqa: E402

GOAL_RATIO = 1.5
HOST = "127.0.0.1"
READY = "READY "
CHILD_START_TIMEOUT = 60.0
REQUEST_TIMEOUT = 10.0
PRIMING_PER_CLIENT = 5
RUN_DEADLINE = 300.0  # hard stop for the whole measurement, whatever the arguments


@dataclass(frozen=True)
class Scenario:
    name: str
    server: str  # "bare" or "campaignbot"
    text: str  # what follows /campaign


SCENARIOS = (
    Scenario("bare /campaign help", "bare", "help"),
    Scenario("campaignbot /campaign help", "campaignbot", "help"),
    Scenario("campaignbot /campaign new", "campaignbot", "new"),
    # The same Slack work as campaignbot's `new` (ack, then views.open with a 20-input modal) in a bare Bolt app:
    # what is left between the two is campaignbot's own overhead.
    Scenario("bare ack + views.open", "bare", "new"),
)
BASELINE = SCENARIOS[0]
NEW, BARE_NEW = SCENARIOS[2], SCENARIOS[3]
BARE_MODAL = {
    "type": "modal", "callback_id": "bare", "title": {"type": "plain_text", "text": "New campaign"},
    "submit": {"type": "plain_text", "text": "Save"},
    "blocks": [
        {"type": "input", "block_id": f"b{n}", "label": {"type": "plain_text", "text": f"Field {n}"},
         "element": {"type": "plain_text_input", "action_id": "value", "placeholder":
                     {"type": "plain_text", "text": "e.g. 200,000 or 20万"}}}
        for n in range(20)
    ],
}


@dataclass
class Result:
    scenario: Scenario
    samples: list[float] = field(default_factory=list)  # seconds, pooled over rounds
    round_p50: list[float] = field(default_factory=list)
    round_p99: list[float] = field(default_factory=list)
    warmup_requests: int = 0
    failures: int = 0
    failure_examples: list[str] = field(default_factory=list)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): the smallest sample with at least q% of samples at or below it."""
    ordered = sorted(values)
    if not ordered:
        return math.nan
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


# --- child processes: the servers under test and the Slack stand-in ---------------------------------------


def _stop_when_stdin_closes(stop: Any) -> None:
    """The parent closes our stdin to stop us (or dies, which closes it too): no orphans either way."""

    def watch() -> None:
        sys.stdin.read()
        stop()

    threading.Thread(target=watch, name="stdin-watch", daemon=True).start()


class _CallCounter(list[Any]):
    """Stands in for SlackStandIn.calls: counts calls per method instead of keeping each one with its body.

    Kept calls (every views.open with its whole modal) pile up into hundreds of thousands of objects, and the
    stand-in's full garbage collections then pause it for 100-300 ms, holding the bot's Web API calls (and the
    listener threads making them) for reasons that have nothing to do with the bot.
    """

    def __init__(self) -> None:
        super().__init__()
        self.counts: dict[str, int] = {}

    def append(self, call: Any) -> None:
        self.counts[call.method] = self.counts.get(call.method, 0) + 1  # under the stand-in's lock


def _slow_views_open(latency: float) -> Any:
    def respond(body: dict[str, Any]) -> dict[str, Any]:
        time.sleep(latency)  # the stand-in serves each call on its own thread
        return {"ok": True, "view": {"id": "V123", **(body.get("view") or {})}}

    return respond


def _serve_standin(latency: float) -> None:
    from tests.support.slack_standin import SlackStandIn

    standin = SlackStandIn()
    counter = _CallCounter()
    standin.calls = counter
    if latency:
        standin.respond_with("views.open", _slow_views_open(latency))
    gc.collect()
    gc.freeze()  # start-up objects need no scanning again
    stopped = threading.Event()
    _stop_when_stdin_closes(stopped.set)
    print(READY + standin.url, flush=True)
    stopped.wait()
    standin.close()
    print("CALLS " + json.dumps(counter.counts), flush=True)


def _bare_app(standin_url: str) -> Any:
    from slack_bolt import Ack, App
    from slack_sdk import WebClient

    app = App(
        signing_secret=SIGNING_SECRET,
        client=WebClient(token="xoxb-bench", base_url=standin_url),
        token_verification_enabled=False,
    )

    @app.command("/campaign")
    def campaign(ack: Ack, command: dict[str, Any], client: WebClient) -> None:
        if command.get("text", "").startswith("new"):
            ack()
            client.views_open(trigger_id=command["trigger_id"], view=BARE_MODAL)
            return
        ack("ok")

    return app


def _campaignbot_app(standin_url: str, database_path: str) -> Any:
    from bot.kernel.config import Settings
    from bot.runtime.app import build_services, create_app
    from storage.migrate import upgrade
    from storage.session import make_engine, make_session_factory

    settings = Settings(
        database_url=f"sqlite:///{database_path}",
        slack_bot_token="xoxb-bench",
        slack_signing_secret=SIGNING_SECRET,
        slack_api_url=standin_url,
    )
    engine = make_engine(settings.database_url)
    upgrade(engine)  # as `campaignbot run` does before serving
    services = build_services(settings, session_factory=make_session_factory(engine))
    return create_app(settings, services=services)  # create_app picks the listener executor, as in production


def _serve_app(kind: str, standin_url: str, database_path: str) -> None:
    import uvicorn

    from bot.runtime.http_server import EVENTS_PATH, build_asgi

    # Same logging as `campaignbot run`: root at INFO, uvicorn at "info" (access log on); stderr goes to a file.
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    bolt_app = _bare_app(standin_url) if kind == "bare" else _campaignbot_app(standin_url, database_path)
    # A free port, with no window for another process to take it. The protocol must be IPPROTO_TCP, as the
    # socket uvicorn.run(host=, port=) makes through getaddrinfo is: asyncio sets TCP_NODELAY only on accepted
    # sockets whose proto says TCP. With proto 0, Nagle + the client's delayed ACK add ~40 ms to any response
    # written in two pieces (headers, then body), which would swamp what we want to measure.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((HOST, 0))
    server = uvicorn.Server(uvicorn.Config(build_asgi(bolt_app), log_level="info"))

    def stop() -> None:
        server.should_exit = True

    _stop_when_stdin_closes(stop)
    print(f"{READY}http://{HOST}:{sock.getsockname()[1]}{EVENTS_PATH}", flush=True)
    # uvicorn's access log writes to stdout; once nobody reads our stdout pipe it would fill and block the
    # event loop, so from here on stdout goes where stderr goes (the log file).
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    gc.collect()  # as `campaignbot run` does before serving
    gc.freeze()
    server.run(sockets=[sock])


class Child:
    """One child process running a benchmark script (this one unless `script` says) in --serve mode; reports its
    URL on stdout when ready."""

    def __init__(self, role: str, workdir: Path, *extra: str, script: Path | None = None) -> None:
        self.role = role
        self.log_path = workdir / f"{role}.log"
        self._log: IO[bytes] = self.log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, str(script or Path(__file__).resolve()), "--serve", role, *extra],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log, cwd=REPO_ROOT, text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.url = self._wait_ready()

    def _wait_ready(self) -> str:
        found: list[str] = []

        def read() -> None:
            assert self.process.stdout is not None
            for line in self.process.stdout:
                if line.startswith(READY):
                    found.append(line[len(READY):].strip())
                    return

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        reader.join(CHILD_START_TIMEOUT)
        if not found:
            self.stop()
            raise RuntimeError(f"{self.role} did not start; see {self.log_path}:\n{self.log_tail()}")
        return found[0]

    def stop(self, timeout: float = 15.0) -> str:
        """Close stdin (the stop signal), wait, kill if it hangs; return what it printed after READY."""
        output = ""
        if self.process.poll() is None:
            try:
                output, _ = self.process.communicate(input="", timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self._log.close()
        return output or ""

    def log_tail(self, lines: int = 20) -> str:
        text = self.log_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])


# --- load generator --------------------------------------------------------------------------------------


async def _send(
    client: httpx.AsyncClient, url: str, text: str, user: str, count: int, samples: list[float], failures: list[str],
    *, interval: float = 0.0, offset: float = 0.0,
) -> None:
    """`count` requests one after another on one keep-alive connection.

    With an interval, each request is due `interval` seconds after the previous one was due (the first after
    `offset`), and is sent at once when the previous answer came late; without one, back to back.
    """
    due = time.perf_counter() + offset
    for _ in range(count):
        if interval:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            due += interval
        body = slash_command(text, user=user, trigger_id=f"bench-{user}-{time.monotonic_ns()}")
        headers = signed_headers(body)  # fresh timestamp and signature for every request
        started = time.perf_counter()
        try:
            response = await client.post(url, content=body, headers=headers)
        except httpx.HTTPError as error:
            failures.append(f"{type(error).__name__}: {error}")
            continue
        elapsed = time.perf_counter() - started
        if response.status_code == 200:
            samples.append(elapsed)
        else:
            failures.append(f"HTTP {response.status_code}: {response.text[:200]}")


def _shares(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


async def _run_scenario(
    url: str, text: str, clients: int, warmup: int, total: int, rate: float = 0.0
) -> tuple[list[float], list[str], list[str]]:
    """Warm up, then measure `total` requests from `clients` concurrent keep-alive clients.

    The clients (and their connections) exist before the first measured request: creating an httpx client
    builds an SSL context, which blocks the event loop for milliseconds and would land in other clients'
    samples. The warm-up gives every client at least one request, so every connection is open and hot.
    """
    pool = [httpx.AsyncClient(timeout=REQUEST_TIMEOUT, limits=httpx.Limits(max_connections=1))
            for _ in range(clients)]
    users = [f"U_BENCH{index:02d}" for index in range(clients)]
    warm_samples: list[float] = []
    warm_failures: list[str] = []
    samples: list[float] = []
    failures: list[str] = []
    try:
        interval = clients / rate if rate else 0.0  # each client's share of the total rate
        # Paced like the measurement, so post-ack work left over from the warm-up is no bigger than in it.
        await asyncio.gather(*(
            _send(client, url, text, user, share, warm_samples, warm_failures,
                  interval=interval, offset=interval * index / clients)
            for index, (client, user, share) in enumerate(
                zip(pool, users, _shares(max(warmup, clients), clients), strict=True))
        ))
        await asyncio.gather(*(
            _send(client, url, text, user, share, samples, failures,
                  interval=interval, offset=interval * index / clients)
            for index, (client, user, share) in enumerate(zip(pool, users, _shares(total, clients), strict=True))
        ))
    finally:
        await asyncio.gather(*(client.aclose() for client in pool))
    return samples, warm_failures, failures


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No garbage collection in the load generator while it times requests.

    A full collection here stops the event loop for 100-300 ms with all clients' requests in flight, and every
    one of them would count it as the app's latency. The servers keep collecting, as in production.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def _measure(urls: dict[str, str], args: argparse.Namespace, results: dict[Scenario, Result]) -> None:
    for scenario in SCENARIOS:  # priming pass, not measured
        with _collector_paused():
            _, warm_failures, failures = await _run_scenario(
                urls[scenario.server], scenario.text, args.clients, 0, args.clients * PRIMING_PER_CLIENT, args.rate
            )
        results[scenario].warmup_requests += args.clients * (PRIMING_PER_CLIENT + 1)
        results[scenario].failures += len(warm_failures) + len(failures)
        results[scenario].failure_examples.extend((warm_failures + failures)[:3])
    for round_index in range(args.rounds):
        # Rotate the order each round so drift in machine load does not always favour the same scenario.
        shift = round_index % len(SCENARIOS)
        for scenario in SCENARIOS[shift:] + SCENARIOS[:shift]:
            result = results[scenario]
            with _collector_paused():
                samples, warm_failures, failures = await _run_scenario(
                    urls[scenario.server], scenario.text, args.clients, args.warmup, args.requests, args.rate
                )
            all_failures = warm_failures + failures
            result.samples.extend(samples)
            result.round_p50.append(percentile(samples, 50))
            result.round_p99.append(percentile(samples, 99))
            result.warmup_requests += max(args.warmup, args.clients)
            result.failures += len(all_failures)
            result.failure_examples.extend(all_failures[: max(0, 3 - len(result.failure_examples))])
            print(
                f"  round {round_index + 1}/{args.rounds} {scenario.name:28} n={len(samples):4} "
                f"p50={percentile(samples, 50) * 1000:7.1f} ms  p99={percentile(samples, 99) * 1000:7.1f} ms"
                f"  failures={len(all_failures)}",
                file=sys.stderr, flush=True,
            )
            if all_failures:
                print(f"    first failure: {all_failures[0]}", file=sys.stderr, flush=True)


# --- report ----------------------------------------------------------------------------------------------


def _rounded(value: float, digits: int = 2) -> float | None:
    """None for a percentile of no samples (every request failed), so the JSON output stays valid JSON."""
    return None if math.isnan(value) else round(value, digits)


def _shown(value: float | None, suffix: str = "") -> str:
    return "-" if value is None else f"{value:.1f}{suffix}"


def _summary(results: dict[Scenario, Result], views_open: int | None, expected_views: int) -> dict[str, Any]:
    bare_p99 = median(results[BASELINE].round_p99)
    rows = []
    for scenario in SCENARIOS:
        result = results[scenario]
        p99 = median(result.round_p99)
        rows.append({
            "scenario": scenario.name,
            "requests": len(result.samples),
            "failures": result.failures,
            "p50_ms": _rounded(median(result.round_p50) * 1000),
            "p99_ms": _rounded(p99 * 1000),
            "p99_vs_bare": None if scenario is BASELINE else _rounded(p99 / bare_p99),
            "rounds_p99_ms": [_rounded(value * 1000, 1) for value in result.round_p99],
            "pooled_p50_ms": _rounded(percentile(result.samples, 50) * 1000),
            "pooled_p99_ms": _rounded(percentile(result.samples, 99) * 1000),
            "failure_examples": result.failure_examples,
        })
    ratios = [row["p99_vs_bare"] for row, scenario in zip(rows, SCENARIOS, strict=True)
              if scenario.server == "campaignbot"]
    same_work = median(results[NEW].round_p99) / median(results[BARE_NEW].round_p99)
    return {
        "new_vs_bare_same_work": _rounded(same_work),
        "statistic": "median over rounds of each round's nearest-rank p50/p99",
        "rows": rows,
        "goal_ratio": GOAL_RATIO,
        "goal_met": all(ratio is not None and ratio <= GOAL_RATIO for ratio in ratios),
        "views_open_calls": views_open,
        "views_open_expected": expected_views,
        "failures": sum(row["failures"] for row in rows),
    }


def _print_table(summary: dict[str, Any], args: argparse.Namespace) -> None:
    print(
        f"\nack latency, {args.clients} concurrent clients "
        f"({f'{args.rate:g} req/s in all' if args.rate else 'back to back'}), {args.rounds} rounds x "
        f"{args.requests} requests (+{max(args.warmup, args.clients)} warm-up each)"
        + (f", views.open answered after {args.slack_latency_ms:g} ms" if args.slack_latency_ms else "")
    )
    print("p50/p99: median over rounds of each round's percentile; pooled p99: all rounds' samples together")
    print(f"{'scenario':28} {'requests':>8} {'fail':>5} {'p50 ms':>8} {'p99 ms':>8} {'p99/bare':>9} "
          f"{'pooled p99':>11}   round p99s ms")
    for row in summary["rows"]:
        ratio = "-" if row["p99_vs_bare"] is None else f"{row['p99_vs_bare']:.2f}x"
        rounds = ", ".join(_shown(value) for value in row["rounds_p99_ms"])
        print(
            f"{row['scenario']:28} {row['requests']:>8} {row['failures']:>5} {_shown(row['p50_ms']):>8} "
            f"{_shown(row['p99_ms']):>8} {ratio:>9} {_shown(row['pooled_p99_ms']):>11}   {rounds}"
        )
    if summary["views_open_calls"] is not None:
        print(f"views.open calls seen by the stand-in: {summary['views_open_calls']} "
              f"(expected {summary['views_open_expected']})")
    for row in summary["rows"]:
        for example in row["failure_examples"]:
            print(f"failure in {row['scenario']}: {example}")
    print(f"campaignbot /campaign new vs a bare app doing the same ack + views.open: "
          f"{_shown(summary['new_vs_bare_same_work'], 'x')}")
    print(f"goal p99 <= {GOAL_RATIO}x bare /campaign help: {'met' if summary['goal_met'] else 'NOT met'}")


def _parse_calls(output: str) -> dict[str, int]:
    for line in output.splitlines():
        if line.startswith("CALLS "):
            return json.loads(line[len("CALLS "):])
    return {}


def run(args: argparse.Namespace) -> int:
    results = {scenario: Result(scenario) for scenario in SCENARIOS}
    children: list[Child] = []
    calls: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="campaignbot-bench-") as workdir:
        try:
            standin = Child("standin", Path(workdir), "--slack-latency-ms", str(args.slack_latency_ms))
            children.append(standin)
            database = str(Path(workdir) / "bench.db")
            urls: dict[str, str] = {}
            for kind in ("bare", "campaignbot"):
                child = Child(kind, Path(workdir), "--standin", standin.url, "--database", database)
                children.append(child)
                urls[kind] = child.url
            print(f"stand-in {standin.url}; bare {urls['bare']}; campaignbot {urls['campaignbot']}",
                  file=sys.stderr, flush=True)
            asyncio.run(asyncio.wait_for(_measure(urls, args, results), RUN_DEADLINE))
        except RuntimeError as error:  # a child process that did not start
            print(f"benchmark not run: {error}", file=sys.stderr)
            return 1
        except TimeoutError:
            print(f"benchmark stopped: over the {RUN_DEADLINE:.0f} s deadline", file=sys.stderr)
            return 1
        finally:
            # Servers first, so post-ack work (views.open) has finished before the stand-in counts its calls.
            for child in reversed(children):
                output = child.stop()
                if child.role == "standin":
                    calls = _parse_calls(output)
                elif child.process.returncode not in (0, None) and child.process.returncode >= 0:
                    print(f"{child.role} exited with {child.process.returncode}:\n{child.log_tail()}",
                          file=sys.stderr)
    expected_views = sum(len(results[scenario].samples) + results[scenario].warmup_requests
                         for scenario in (NEW, BARE_NEW))
    summary = _summary(results, calls.get("views.open") if calls else None, expected_views)
    summary["settings"] = {name: getattr(args, name)
                           for name in ("clients", "requests", "rounds", "warmup", "rate", "slack_latency_ms")}
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        _print_table(summary, args)
    if summary["failures"]:
        return 1
    return 3 if args.strict and not summary["goal_met"] else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--clients", type=int, default=20, help="concurrent keep-alive clients (default 20)")
    parser.add_argument("--requests", type=int, default=300, help="measured requests per scenario per round")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured requests before each measured burst")
    parser.add_argument("--rate", type=float, default=0.0,
                        help="total requests/s, spread evenly over the clients (default 0: each client back to back,"
                             " which saturates the server and so measures throughput as much as latency)")
    parser.add_argument("--slack-latency-ms", type=float, default=0.0,
                        help="make the stand-in answer views.open this much later, as Slack does (default 0)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds; each runs every scenario once")
    parser.add_argument("--json", action="store_true", help="print the results as JSON instead of a table")
    parser.add_argument("--strict", action="store_true", help="exit 3 when the goal is not met")
    parser.add_argument("--serve", choices=("standin", "bare", "campaignbot"), help=argparse.SUPPRESS)
    parser.add_argument("--standin", help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.serve == "standin":
        _serve_standin(args.slack_latency_ms / 1000)
        return 0
    if args.serve:
        _serve_app(args.serve, args.standin, args.database)
        return 0
    for name in ("clients", "requests", "rounds"):
        if getattr(args, name) < 1:
            raise SystemExit(f"--{name} must be at least 1")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
