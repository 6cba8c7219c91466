"""`campaignbot tick --at …`: one pass as of that instant; a second pass at the same instant sends nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine

from tests.support import payloads
from tests.support.scenario_clock import Scenario

ROOT = Path(__file__).resolve().parents[2]


def _tick(engine: Engine, api_url: str, at: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SLACK_")}
    env.update(PYTHONPATH=str(ROOT), DATABASE_URL=engine.url.render_as_string(hide_password=False),
               SLACK_BOT_TOKEN="xoxb-test", SLACK_SIGNING_SECRET=payloads.SIGNING_SECRET, SLACK_API_URL=api_url)
    return subprocess.run([sys.executable, "-m", "bot.runtime.cli", "tick", "--at", at], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=60, check=False)


def test_tick_sends_what_is_due_once(scenario: Scenario, engine: Engine, tmp_path: Path) -> None:
    standin = scenario.bot.standin
    first = _tick(engine, standin.url, "2026-05-10T09:00:00+08:00", tmp_path)
    assert first.returncode == 0, first.stderr
    assert "task_reminders 1" in first.stdout and "message(s) sent" in first.stdout
    [reminder] = [post for post in standin.calls_to("chat.postMessage") if post["channel"] == "U_WANG"]
    assert "due in 3 days" in reminder["text"]
    second = _tick(engine, standin.url, "2026-05-10T09:00:00+08:00", tmp_path)
    assert second.returncode == 0 and "0 message(s) sent" in second.stdout
    assert len([post for post in standin.calls_to("chat.postMessage") if post["channel"] == "U_WANG"]) == 1
