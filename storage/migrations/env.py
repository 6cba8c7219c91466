"""Alembic environment: uses the caller's connection when given one (tests, `campaignbot migrate`)."""

from __future__ import annotations

import warnings

from alembic import context
from sqlalchemy import engine_from_config, exc, pool
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables on SQLModel.metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction(), warnings.catch_warnings():
        # Batch mode on SQLite reflects the table it copies and the tables it refers to, and SQLAlchemy warns that it
        # cannot reflect campaign's lower(name) index; the index stays (the live-name tests in test_migrations use it).
        warnings.filterwarnings("ignore", message=".*expression-based index.*", category=exc.SAWarning)
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section) or {}, prefix="sqlalchemy.",
                                poolclass=pool.NullPool)
    with engine.connect() as conn:
        run_migrations(conn)
