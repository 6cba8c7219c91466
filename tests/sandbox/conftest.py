"""A whole sandbox (the bot and its local Slack) on ports 0, on the test database of each backend."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.kernel.config import Settings
from sandbox.runner import SandboxProcess
from storage.session import SessionFactory

# Day 10 of the demo campaign is this date; 16:00 in Shanghai.
SANDBOX_START = datetime(2026, 5, 12, 16, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def start_sandbox(session_factory: SessionFactory, state: Path) -> SandboxProcess:
    settings = Settings(database_url="(injected)", default_timezone="Asia/Shanghai")
    process = SandboxProcess(settings, sandbox_port=0, bot_port=0, state=state, session_factory=session_factory,
                             clock_start=SANDBOX_START)
    process.start()
    return process


@pytest.fixture
def sandbox_process(session_factory: SessionFactory, tmp_path: Path) -> Iterator[SandboxProcess]:
    process = start_sandbox(session_factory, tmp_path / "campaignbot.sandbox.db")
    try:
        yield process
    finally:
        process.stop_serving()
        process.finish()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """A failed browser test leaves a screenshot and the page's HTML behind, to see what the browser saw."""
    outcome = yield
    report = outcome.get_result()
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None:
        folder = Path(os.environ.get("CAMPAIGNBOT_FAILURE_DIR", "/tmp")) / "campaignbot-browser-failures"
        folder.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]", "_", item.name)
        page.screenshot(path=str(folder / f"{name}.png"))
        (folder / f"{name}.html").write_text(page.content(), encoding="utf-8")
        report.sections.append(("browser", f"screenshot and HTML in {folder}/{name}.*"))
