"""A first `campaignbot migrate` that dies midway leaves the database as it found it, on SQLite as on PostgreSQL:
the next start migrates from scratch instead of failing for good on "table campaign already exists"."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from storage import migrate
from storage.session import make_engine
from tests.storage.test_concurrent_migration import ROOT, _empty_database
from tests.storage.test_migrations import head_revision

FAILING = '''
import sqlalchemy as sa
from alembic import op

revision = "9999_boom"
down_revision = "{head}"


def upgrade() -> None:
    op.create_table("boom", sa.Column("id", sa.Integer, primary_key=True))
    {ending}


def downgrade() -> None:
    op.drop_table("boom")
'''


def _with_a_last_migration(tmp_path: Path, ending: str) -> Path:
    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, copy, ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "versions" / "9999_boom.py").write_text(FAILING.format(head=head_revision(), ending=ending))
    return copy


def _drop(admin, url: str) -> None:  # type: ignore[no-untyped-def]
    if admin is not None:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{url.rsplit("%3D", 1)[1]}" CASCADE'))
        admin.dispose()


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_migration_failing_midway_leaves_nothing_behind_and_a_rerun_works(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    url, admin = _empty_database(backend, tmp_path)
    engine = make_engine(url)
    try:
        monkeypatch.setattr(migrate, "MIGRATIONS_DIR", _with_a_last_migration(tmp_path, 'raise RuntimeError("boom")'))
        with pytest.raises(RuntimeError, match="boom"):
            migrate.upgrade(engine)
        assert not [name for name in inspect(engine).get_table_names() if name != "alembic_version"]
        monkeypatch.undo()
        migrate.upgrade(engine)
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head_revision()
        assert "campaign" in inspect(engine).get_table_names()
    finally:
        engine.dispose()
        _drop(admin, url)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_migrate_killed_midway_can_run_again(backend: str, tmp_path: Path) -> None:
    url, admin = _empty_database(backend, tmp_path)
    migrations = _with_a_last_migration(tmp_path, 'print("halfway", flush=True); __import__("time").sleep(60)')
    script = ("import sys; from pathlib import Path; from storage import migrate; "
              "from storage.session import make_engine; "
              "migrate.MIGRATIONS_DIR = Path(sys.argv[2]); migrate.upgrade(make_engine(sys.argv[1]))")
    try:
        process = subprocess.Popen([sys.executable, "-c", script, url, str(migrations)], cwd=ROOT,
                                   stdout=subprocess.PIPE, text=True)
        assert process.stdout is not None and process.stdout.readline().strip() == "halfway"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        time.sleep(0.2)  # PostgreSQL ends the dead backend's transaction as it notices the closed socket
        engine = make_engine(url)
        migrate.upgrade(engine)
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head_revision()
        assert "boom" not in inspect(engine).get_table_names()
        engine.dispose()
    finally:
        _drop(admin, url)
