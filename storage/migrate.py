"""Run Alembic programmatically so `campaignbot migrate` needs no alembic.ini in the working directory."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

try:
    import fcntl
except ImportError:  # not on Windows: one process at a time is then the operator's to ensure
    fcntl = None  # type: ignore[assignment]

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
MIGRATION_LOCK = 0x63616D70  # PostgreSQL advisory lock key ("camp"), the same for every campaignbot process


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats % as interpolation; a password may contain one.
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision; a no-op when it is already there.

    All or nothing, on both backends: every pending migration and the version stamp run in one transaction, so a
    migrate killed or failing midway leaves the schema as it was and the next start simply runs it again.

    A database already at the newest revision is left without starting Alembic, which logs two lines of its own set-up
    ("Context impl …", "Will assume … DDL") every time: a start on an up-to-date database says nothing about
    migrations, and one that migrates still logs each revision it applies."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with _one_migrator(engine), engine.connect() as connection, _transactional_ddl(connection):
        _wait_for_other_migrators(connection)
        if _current_revisions(connection) == set(ScriptDirectory.from_config(config).get_heads()):
            return
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _current_revisions(connection: Connection) -> set[str]:
    """The revisions the database is stamped with (Alembic's default version table), read without Alembic."""
    if not inspect(connection).has_table("alembic_version"):
        return set()
    return {row[0] for row in connection.execute(text("SELECT version_num FROM alembic_version"))}


@contextlib.contextmanager
def _transactional_ddl(connection: Connection) -> Iterator[None]:
    """One transaction around the whole upgrade, committed only when every migration went through.

    SQLite can roll back CREATE/ALTER/DROP, but Python's sqlite3 module opens a transaction only before
    INSERT/UPDATE/DELETE: DDL ran in autocommit, and a migrate killed midway left tables without their
    `alembic_version` row (every later start: "table campaign already exists"). So on SQLite the driver's own
    transaction handling is switched off for this connection and the transaction is begun explicitly."""
    dbapi = connection.connection.dbapi_connection if connection.dialect.name == "sqlite" else None
    previous = getattr(dbapi, "isolation_level", None)
    if dbapi is not None:
        dbapi.isolation_level = None  # type: ignore[attr-defined]
        connection.exec_driver_sql("BEGIN IMMEDIATE")  # SQLAlchemy's own transaction begins with it
    else:
        connection.begin()
    try:
        yield
        connection.commit()
    except BaseException:
        connection.rollback()
        raise
    finally:
        if dbapi is not None:
            dbapi.isolation_level = previous  # type: ignore[attr-defined]


@contextlib.contextmanager
def _one_migrator(engine: Engine) -> Iterator[None]:
    """SQLite: several processes starting together on one file (`run` beside `scheduler`) would each find no schema
    and create it; a lock file beside the database lets one migrate while the others wait, then find it current."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or fcntl is None:
        yield
        return
    with open(f"{database}.migrate-lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _wait_for_other_migrators(connection: Connection) -> None:
    # PostgreSQL: replicas started together each migrate at start. The lock ends with this transaction, after the
    # schema it made is committed, so the next process in line finds it at head and does nothing.
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
