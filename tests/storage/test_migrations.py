import warnings
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, event, inspect, select
from sqlalchemy.exc import IntegrityError
from sqlmodel import SQLModel

from storage.migrate import alembic_config, upgrade
from storage.models import Campaign
from storage.session import SessionFactory, session_scope

NOW = datetime(2026, 4, 20, 2, 0, tzinfo=UTC)


def head_revision() -> str:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_database_is_at_the_newest_revision(engine: Engine) -> None:
    assert current_revision(engine) == head_revision()


def test_upgrading_again_is_a_no_op(engine: Engine) -> None:
    tables_before = set(inspect(engine).get_table_names())
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        upgrade(engine)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert current_revision(engine) == head_revision()
    assert set(inspect(engine).get_table_names()) == tables_before
    ddl = [s for s in statements if s.lstrip().upper().startswith(("CREATE", "ALTER", "DROP", "INSERT", "UPDATE"))]
    assert ddl == []


def test_migrations_match_the_models(engine: Engine) -> None:
    with warnings.catch_warnings():
        # SQLite reflection cannot see expression indexes such as lower(name); alembic warns and skips them.
        warnings.filterwarnings("ignore", message=".*expression-based index.*")
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def test_every_model_table_exists(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert {table.name for table in SQLModel.metadata.sorted_tables} <= tables


# --- the partial unique index on live names ------------------------------------------------------------------------


def campaign(name: str, *, status: str = "draft", team_id: str = "T1") -> Campaign:
    return Campaign(
        team_id=team_id, name=name, objective="sales", status=status, start_date=date(2026, 5, 1),
        end_date=date(2026, 5, 31), owner_id="U1", channel_id="C1", budget=Decimal("100"), timezone="UTC",
        created_by="U1", created_at=NOW, updated_at=NOW,
    )


def add(session_factory: SessionFactory, *rows: Campaign) -> None:
    with session_scope(session_factory) as session:
        for row in rows:
            session.add(row)
            session.flush()


def names(session_factory: SessionFactory) -> list[tuple[str, str]]:
    with session_scope(session_factory) as session:
        return [tuple(row) for row in session.execute(select(Campaign.name, Campaign.status).order_by(Campaign.id))]


@pytest.mark.parametrize("second", ["Spring Sale", "spring sale", "SPRING SALE", "Spring sale"])
@pytest.mark.parametrize("status", ["draft", "approved", "running", "evaluating"])
def test_second_live_campaign_with_the_same_name_is_refused(
    session_factory: SessionFactory, second: str, status: str
) -> None:
    add(session_factory, campaign("Spring Sale", status=status))
    with pytest.raises(IntegrityError):
        add(session_factory, campaign(second))
    assert names(session_factory) == [("Spring Sale", status)]


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_same_name_is_free_again_once_the_first_is_over(session_factory: SessionFactory, status: str) -> None:
    add(session_factory, campaign("Spring Sale", status=status), campaign("spring sale"))
    assert names(session_factory) == [("Spring Sale", status), ("spring sale", "draft")]


def test_several_finished_campaigns_may_share_a_name(session_factory: SessionFactory) -> None:
    add(session_factory, campaign("Spring Sale", status="closed"), campaign("spring sale", status="cancelled"),
        campaign("SPRING SALE", status="closed"))
    assert len(names(session_factory)) == 3


def test_closing_a_campaign_frees_its_name(session_factory: SessionFactory) -> None:
    add(session_factory, campaign("Spring Sale"))
    with session_scope(session_factory) as session:
        session.scalars(select(Campaign)).one().status = "closed"
    add(session_factory, campaign("Spring Sale"))
    assert names(session_factory) == [("Spring Sale", "closed"), ("Spring Sale", "draft")]


def test_reopening_a_name_that_is_taken_again_is_refused(session_factory: SessionFactory) -> None:
    add(session_factory, campaign("Spring Sale", status="cancelled"), campaign("Spring Sale"))
    with pytest.raises(IntegrityError), session_scope(session_factory) as session:
        old = session.scalars(select(Campaign).where(Campaign.status == "cancelled")).one()
        old.status = "draft"
        session.flush()


def test_other_teams_and_other_names_are_independent(session_factory: SessionFactory) -> None:
    add(session_factory, campaign("Spring Sale"), campaign("Spring Sale", team_id="T2"), campaign("Spring Sale 2"),
        campaign("春季促销"))
    assert len(names(session_factory)) == 4
