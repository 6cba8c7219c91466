"""`make run` / `campaignbot run` without tokens, as a newcomer runs it: the sandbox, on both backends."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from tests.support.databases import wipe

CAMPAIGNBOT = [sys.executable, "-m", "bot.runtime.cli"]
ROOT = Path(__file__).resolve().parents[2]
STARTUP_SECONDS = 60  # README.md, "The local sandbox": the address within a minute


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(database_url: str, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("SLACK_", "CAMPAIGNBOT_"))}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=database_url, **extra)
    return env


class Running:
    def __init__(self, process: subprocess.Popen[str], url: str, output: list[str], started_in: float) -> None:
        self.process, self.url, self.output, self.started_in = process, url, output, started_in

    def gesture(self, name: str, body: dict[str, object]) -> httpx.Response:
        return httpx.post(f"{self.url}ui/{name}", json=body, timeout=30)

    def refresh(self, user: str, conversation: str) -> dict[str, object]:
        answer = httpx.get(f"{self.url}ui/refresh", params={"user": user, "conversation": conversation}, timeout=30)
        return dict(answer.json())

    def stop(self) -> tuple[int, float]:
        began = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=15)
        took = time.monotonic() - began
        time.sleep(0.2)  # the reader thread takes the last lines
        return code, took


@contextmanager
def sandbox_cli(tmp_path: Path, database_url: str, *args: str) -> Iterator[Running]:
    sandbox_port, bot_port = _free_port(), _free_port()
    began = time.monotonic()
    process = subprocess.Popen([*CAMPAIGNBOT, "run", *args], cwd=tmp_path, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               env=_env(database_url, PORT=str(bot_port), SANDBOX_PORT=str(sandbox_port)))
    output: list[str] = []
    expected = f"Sandbox: http://127.0.0.1:{sandbox_port}/"
    stdout = process.stdout
    assert stdout is not None
    # Drained all along, so the process never blocks on a full pipe, and its last words are kept.
    threading.Thread(target=lambda: output.extend(line.rstrip("\n") for line in stdout), daemon=True).start()
    try:
        while expected not in output:
            if time.monotonic() - began > STARTUP_SECONDS or process.poll() is not None:
                raise AssertionError(f"no {expected!r} within {STARTUP_SECONDS} s:\n" + "\n".join(output[-40:]))
            time.sleep(0.1)
        yield Running(process, expected.removeprefix("Sandbox: "), output, time.monotonic() - began)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _database_url(engine: Engine, tmp_path: Path) -> str:
    if engine.dialect.name == "sqlite":
        return f"sqlite:///{tmp_path / 'campaignbot.db'}"
    wipe(engine)
    return engine.url.render_as_string(hide_password=False)


def _non_loopback_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: this only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_run_without_tokens_serves_the_sandbox_with_the_demo(engine: Engine, tmp_path: Path) -> None:
    with sandbox_cli(tmp_path, _database_url(engine, tmp_path)) as running:
        assert running.started_in < STARTUP_SECONDS
        page = httpx.get(running.url, timeout=10)
        assert page.status_code == 200 and 'aria-label="User"' in page.text and "王芳" in page.text
        channel = running.refresh("U01MAYA", "C02SPRING")
        assert "春季新品上市" in str(channel["main"]) and "Daily report" in str(channel["main"])
        code, took = running.stop()
    assert (code, took < 10) == (0, True), "\n".join(running.output[-20:])
    assert any("stopped cleanly" in line for line in running.output)


def test_the_sandbox_listens_on_loopback_only_and_refuses_other_hosts(tmp_path: Path) -> None:
    with sandbox_cli(tmp_path, f"sqlite:///{tmp_path / 'campaignbot.db'}", "--no-demo") as running:
        rebinding = httpx.get(running.url, headers={"Host": "evil.example:3001"}, timeout=10)
        assert rebinding.status_code == 403
        cross_site = httpx.post(f"{running.url}ui/message", timeout=10, headers={"Origin": "https://evil.example"},
                                json={"user": "U01MAYA", "channel": "C02SPRING", "text": "hi"})
        assert cross_site.status_code == 403
        assert httpx.get(running.url, headers={"Host": "localhost"}, timeout=10).status_code == 200
        address = _non_loopback_address()
        if address is not None:
            port = int(running.url.rstrip("/").rsplit(":", 1)[1])
            with socket.socket() as outside, pytest.raises(ConnectionRefusedError):
                outside.settimeout(2)
                outside.connect((address, port))  # an address literal: no name lookup for the test guard to stop
        running.stop()


def test_a_restart_keeps_the_conversation_and_the_clock(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'campaignbot.db'}"
    with sandbox_cli(tmp_path, url, "--no-demo") as running:
        said = running.gesture("message", {"user": "U01MAYA", "channel": "C02SPRING", "text": "Kick-off at ten"})
        assert said.json()["ok"] is True
        stepped = running.gesture("clock", {"step": "day"}).json()
        assert stepped["ok"] is True
        moved_to = stepped["now"]
        assert running.stop()[0] == 0
    assert (tmp_path / "campaignbot.sandbox.db").exists()
    with sandbox_cli(tmp_path, url, "--no-demo") as again:
        channel = again.refresh("U01MAYA", "C02SPRING")
        assert "Kick-off at ten" in str(channel["main"])
        shown = datetime.fromisoformat(re.search(r'datetime="([^"]+)"', str(channel["clock"])).group(1))  # type: ignore[union-attr]
        stopped_at = datetime.fromisoformat(moved_to)
        # The clock resumed where it stopped (a day ahead of the wall clock), not at the wall clock.
        assert stopped_at <= shown < stopped_at + timedelta(minutes=5)
        again.stop()


def test_demo_command_is_safe_to_run_twice(tmp_path: Path) -> None:
    env = _env(f"sqlite:///{tmp_path / 'campaignbot.db'}")
    first = subprocess.run([*CAMPAIGNBOT, "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                           check=False)
    second = subprocess.run([*CAMPAIGNBOT, "demo"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                            check=False)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr[-2000:] + second.stderr[-2000:]
    assert "demo campaign seeded" in first.stdout
    assert "already there" in second.stdout


def test_nothing_in_the_sandbox_process_can_reach_the_internet() -> None:
    script = """
import socket
from sandbox.guard import confine_to_loopback
server = socket.socket(); server.bind(("127.0.0.1", 0)); server.listen()
confine_to_loopback()
socket.create_connection(server.getsockname(), timeout=2).close()
for host in ("slack.com", "93.184.216.34"):
    try:
        socket.create_connection((host, 443), timeout=2)
    except PermissionError as error:
        print("refused", host, error)
"""
    result = subprocess.run([sys.executable, "-c", script], env=_env("sqlite://"), capture_output=True, text=True,
                            timeout=30, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("refused") == 2, result.stdout
