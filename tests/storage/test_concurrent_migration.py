"""Several processes start at once on an empty database (compose's replicas, `run` beside `scheduler`): each
migrates at start. One creates the schema; the others wait for it and find nothing to do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.migration import MigrationContext
from sqlalchemy import Engine, text

from storage.session import make_engine
from tests.storage.test_migrations import head_revision
from tests.support.databases import postgres_url

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 4


def _empty_database(backend: str, tmp_path: Path) -> tuple[str, Engine | None]:
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / 'fresh.db'}", None
    base = postgres_url()
    if base is None:
        pytest.skip("TEST_DATABASE_URL names no PostgreSQL")
    schema = f"cb_migrate_{tmp_path.name[-12:].lower().replace('-', '_')}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}", admin


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_processes_starting_together_migrate_once(backend: str, tmp_path: Path) -> None:
    url, admin = _empty_database(backend, tmp_path)
    script = "import sys; from storage.session import make_engine; from storage.migrate import upgrade; " \
             "upgrade(make_engine(sys.argv[1]))"
    try:
        processes = [subprocess.Popen([sys.executable, "-c", script, url], cwd=ROOT, stderr=subprocess.PIPE,
                                      text=True) for _ in range(PROCESSES)]
        errors = [process.communicate(timeout=120)[1] for process in processes]
        assert [process.returncode for process in processes] == [0] * PROCESSES, "\n".join(errors)
        engine = make_engine(url)
        with engine.connect() as connection:
            assert MigrationContext.configure(connection).get_current_revision() == head_revision()
            assert connection.execute(text("SELECT count(*) FROM alembic_version")).scalar_one() == 1
        engine.dispose()
    finally:
        if admin is not None:
            with admin.begin() as connection:
                schema = url.rsplit("%3D", 1)[1]
                connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            admin.dispose()
