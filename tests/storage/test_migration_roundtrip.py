"""Every migration goes down and up again on both backends, keeping the live-name index."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, insert
from sqlalchemy.exc import IntegrityError

from storage.migrate import alembic_config, upgrade
from storage.models import Campaign
from tests.support.databases import POSTGRES_SKIP_REASON, migrated_engine, postgres_url


@pytest.fixture(params=["sqlite", "postgresql"])
def fresh_engine(request: pytest.FixtureRequest, tmp_path: Path):  # type: ignore[no-untyped-def]
    if request.param == "postgresql" and not postgres_url():
        pytest.skip(POSTGRES_SKIP_REASON)
    with migrated_engine(request.param, tmp_path) as engine:
        yield engine


def _go(engine: Engine, action: str, revision: str) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


def _campaign(name: str) -> dict:
    now = datetime(2026, 5, 1, tzinfo=UTC)
    return {"team_id": "T1", "name": name, "theme": "", "objective": "sales", "status": "draft",
            "start_date": date(2026, 5, 1), "end_date": date(2026, 5, 31), "owner_id": "U1", "channel_id": "C1",
            "budget": 100, "contingency_pct": 10, "timezone": "UTC", "created_by": "U1", "created_at": now,
            "updated_at": now}


def test_down_to_nothing_and_up_again(fresh_engine: Engine) -> None:
    _go(fresh_engine, "downgrade", "base")
    upgrade(fresh_engine)
    _go(fresh_engine, "downgrade", "0002")  # every later migration alters `campaign`
    upgrade(fresh_engine)
    with fresh_engine.begin() as connection:
        connection.execute(insert(Campaign.__table__).values(**_campaign("Spring")))  # type: ignore[attr-defined]
    with pytest.raises(IntegrityError), fresh_engine.begin() as connection:
        connection.execute(insert(Campaign.__table__).values(**_campaign("SPRING")))  # type: ignore[attr-defined]


def test_one_unresolved_incident_per_automatic_check(fresh_engine: Engine) -> None:
    from storage.models import Incident

    now = datetime(2026, 5, 1, tzinfo=UTC)
    with fresh_engine.begin() as connection:
        campaign_id = connection.execute(
            insert(Campaign.__table__).values(**_campaign("Spring")).returning(Campaign.__table__.c.id)  # type: ignore[attr-defined]
        ).scalar_one()
    row = {"campaign_id": campaign_id, "kind": "traffic", "severity": "minor", "description": "d",
           "reporter_id": "campaignbot", "responder_id": "U1", "status": "open", "created_at": now, "updated_at": now,
           "step": 0, "stepped_at": now, "run_id": "r", "dedupe_key": "anomaly:below_pace:clicks"}
    table = Incident.__table__  # type: ignore[attr-defined]
    with fresh_engine.begin() as connection:
        connection.execute(insert(table).values(**row))
        connection.execute(insert(table).values(**{**row, "dedupe_key": None}))
        connection.execute(insert(table).values(**{**row, "dedupe_key": None}))  # reports by people: no key
    with pytest.raises(IntegrityError), fresh_engine.begin() as connection:
        connection.execute(insert(table).values(**row))
    with fresh_engine.begin() as connection:
        connection.execute(table.update().values(status="resolved"))
        connection.execute(insert(table).values(**row))  # once resolved, the check may open a new one



def test_incidents_open_before_the_snapshot_get_their_campaigns_plan(fresh_engine: Engine) -> None:
    """0011_incident_plan_snapshot: an incident already open keeps, from then on, its campaign's plan as it was at
    the upgrade; one whose campaign never set a plan gets the default plan ("{}")."""
    from sqlalchemy import column, select, table

    _go(fresh_engine, "downgrade", "0010")
    now = datetime(2026, 5, 1, tzinfo=UTC)
    plan = '{"sponsor": "U_BOSS"}'
    # The tables as 0010 left them: only the columns written here.
    campaigns = table("campaign", column("id"), column("emergency_plan"), *(column(name) for name in _campaign("")))
    old = {"kind": "equipment", "severity": "minor", "description": "d", "reporter_id": "U1", "responder_id": "U1",
           "status": "open", "created_at": now, "updated_at": now, "step": 0, "stepped_at": now, "run_id": "r"}
    incidents = table("incident", column("campaign_id"), *(column(name) for name in old))
    with fresh_engine.begin() as connection:
        planned = connection.execute(insert(campaigns).values(**_campaign("Planned"), emergency_plan=plan)
                                     .returning(campaigns.c.id)).scalar_one()
        plain = connection.execute(insert(campaigns).values(**_campaign("Plain"))
                                   .returning(campaigns.c.id)).scalar_one()
        for campaign_id in (planned, plain):
            connection.execute(insert(incidents).values(campaign_id=campaign_id, **old))
    upgrade(fresh_engine)
    snapshots = table("incident", column("campaign_id"), column("emergency_plan"))
    with fresh_engine.begin() as connection:
        rows = dict(connection.execute(select(snapshots.c.campaign_id, snapshots.c.emergency_plan)).all())
    assert rows == {planned: plan, plain: "{}"}
