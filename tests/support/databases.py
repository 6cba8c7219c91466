"""Test databases: SQLite always; PostgreSQL when TEST_DATABASE_URL names one, in a schema of its own."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (tables on the metadata, for clean-up)
from bot.kernel.config import normalise_database_url
from storage.migrate import upgrade
from storage.session import make_engine

POSTGRES_SKIP_REASON = (
    "PostgreSQL tests need TEST_DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/test (CI always sets it)"
)


def postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL")
    return normalise_database_url(url) if url else None


@contextmanager
def migrated_engine(backend: str, workdir: Path, *, base: str | None = None) -> Iterator[Engine]:
    """A freshly migrated database for one test session; PostgreSQL gets a throw-away schema (of `base`, default
    TEST_DATABASE_URL)."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{workdir / 'campaignbot-test.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    base = base or postgres_url()
    assert base is not None
    schema = f"cb_test_{uuid.uuid4().hex[:12]}"
    admin = make_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    engine = make_engine(f"{base}{separator}options=-csearch_path%3D{schema}")
    try:
        upgrade(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def wipe(engine: Engine) -> None:
    """Empty every table between tests; much cheaper than migrating again."""
    tables = [table.name for table in reversed(SQLModel.metadata.sorted_tables)]
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        else:
            # Without AUTOINCREMENT, SQLite restarts ids at 1 once a table is empty, like RESTART IDENTITY.
            for table in tables:
                connection.execute(text(f"DELETE FROM {table}"))
