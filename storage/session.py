"""Engine and the one way to open a unit of work."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

SessionFactory = Callable[[], Session]


SQLITE_BUSY_SECONDS = 30  # how long a write waits for another writer, unless a request must answer sooner


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS},
                               **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "checkin", _sqlite_usual_wait)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # WAL lets the scheduler read while a Slack request writes.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def _note_flush(session: Session, _context: Any) -> None:
    session.info["wrote"] = True


def _note_statement(state: Any) -> None:
    if not state.is_select:
        state.session.info["wrote"] = True


# A unit of work that changed something says so (`session.info["wrote"]`): after a failure the user is then told
# their change was saved rather than that nothing was (bot/kernel/listening/errors.py).
event.listen(Session, "after_flush", _note_flush)
event.listen(Session, "do_orm_execute", _note_statement)


def wrote(session: Session) -> bool:
    return bool(session.info.get("wrote"))


def _sqlite_usual_wait(dbapi_connection: Any, _record: Any) -> None:
    # A request may have shortened the wait (limit_lock_wait); the pooled connection's next user must not inherit it.
    dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_SECONDS * 1000}")


def limit_lock_wait(session: Session, seconds: float) -> None:
    """Make this unit of work give up on a lock after `seconds` (SQLite: another writer; PostgreSQL: a row or
    table lock) instead of waiting, so a request that must answer Slack within 3 s can still answer."""
    milliseconds = max(1, int(seconds * 1000))
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {milliseconds}")
    else:
        connection.exec_driver_sql(f"SET LOCAL lock_timeout = {milliseconds}")


def is_lock_timeout(error: OperationalError) -> bool:
    """The error limit_lock_wait causes: SQLite's "database is locked", PostgreSQL's lock_not_available."""
    original = error.orig
    return "database is locked" in str(original) or getattr(original, "sqlstate", None) == "55P03"


def begin_writing(session: Session) -> None:
    """Open the unit of work's transaction now, as a writer, so savepoints (`session.begin_nested()`) nest inside it
    on both databases. PostgreSQL's driver has begun one already. pysqlite begins one only before an INSERT, UPDATE
    or DELETE: a SAVEPOINT before that starts a transaction of its own, whose RELEASE commits, so work isolated row
    by row would commit row by row. IMMEDIATE takes SQLite's one write lock at once (waiting like any writer), so
    a transaction that reads and then writes cannot fail on the upgrade to writing."""
    connection = session.connection()
    if connection.dialect.name == "sqlite" and not connection.connection.dbapi_connection.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> SessionFactory:
    return sessionmaker(engine, class_=Session, expire_on_commit=False)


@contextmanager
def session_scope(factory: SessionFactory) -> Iterator[Session]:
    """One user action is one transaction: commit when the block ends, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
