"""A start on an up-to-date database says nothing about migrations (the sandbox's address is then among the first
lines `make run` prints); a start that migrates still logs each revision it applies."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage.migrate import upgrade
from storage.session import make_engine
from tests.storage.test_concurrent_migration import ROOT, _empty_database
from tests.storage.test_interrupted_migration import _drop
from tests.storage.test_migrations import head_revision


def _alembic_info(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records
            if record.name.startswith("alembic") and record.levelno >= logging.INFO]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrating_an_up_to_date_database_logs_nothing(
    backend: str, tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    url, admin = _empty_database(backend, tmp_path)
    engine = make_engine(url)
    caplog.set_level(logging.INFO)
    try:
        upgrade(engine)
        applied = _alembic_info(caplog)
        assert any(line.startswith("Running upgrade") and head_revision() in line for line in applied), applied

        caplog.clear()
        upgrade(engine)
        assert _alembic_info(caplog) == []
    finally:
        engine.dispose()
        _drop(admin, url)


def test_campaignbot_migrate_on_an_up_to_date_database_says_only_that(tmp_path: Path) -> None:
    """The whole command in a process of its own, so what Alembic logs when it is first imported counts too."""
    environment = {name: value for name, value in os.environ.items() if not name.startswith(("SLACK_", "CAMPAIGNBOT_"))}
    environment["DATABASE_URL"] = f"sqlite:///{tmp_path / 'campaignbot.db'}"

    def migrate() -> list[str]:
        done = subprocess.run([sys.executable, "-m", "bot.runtime.cli", "migrate"], cwd=ROOT, env=environment,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        return (done.stdout + done.stderr).splitlines()

    first = migrate()
    assert any("Running upgrade" in line and head_revision() in line for line in first), first
    second = migrate()
    assert len(second) == 1 and "database is at the newest schema" in second[0], second
