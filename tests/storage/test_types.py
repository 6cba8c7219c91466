from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import StatementError

from storage.models import Campaign, KpiTarget
from storage.session import SessionFactory, session_scope

SHANGHAI = ZoneInfo("Asia/Shanghai")
CREATED = datetime(2026, 4, 20, 10, 0, tzinfo=SHANGHAI)


def campaign(**changes: object) -> Campaign:
    values: dict[str, object] = {
        "team_id": "T1", "name": "Spring Sale", "objective": "sales", "status": "draft",
        "start_date": date(2026, 5, 1), "end_date": date(2026, 5, 31), "owner_id": "U_OWNER",
        "channel_id": "C1", "budget": Decimal("200000"), "contingency_pct": 10, "timezone": "Asia/Shanghai",
        "created_by": "U_OWNER", "created_at": CREATED, "updated_at": CREATED,
    }
    values.update(changes)
    return Campaign(**values)


def store(session_factory: SessionFactory, row: Campaign) -> int:
    with session_scope(session_factory) as session:
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def load(session_factory: SessionFactory, campaign_id: int) -> Campaign:
    # A fresh session, so values come from the database rather than the identity map.
    with session_scope(session_factory) as session:
        loaded = session.get(Campaign, campaign_id)
        assert loaded is not None
        return loaded


AMOUNTS = ["0", "0.01", "0.10", "1", "99.99", "200000", "12345678901.23", "10000000000000", "999999999999999.99",
           "1000000000000000", "90000000000000000.00"]


@pytest.mark.parametrize("amount", AMOUNTS)
def test_budget_round_trips_exactly(session_factory: SessionFactory, amount: str) -> None:
    campaign_id = store(session_factory, campaign(budget=Decimal(amount)))
    budget = load(session_factory, campaign_id).budget
    assert isinstance(budget, Decimal)
    assert budget == Decimal(amount)
    assert budget.as_tuple().exponent == -2  # always two places, like money


@pytest.mark.parametrize("amount", AMOUNTS)
def test_kpi_target_round_trips_exactly(session_factory: SessionFactory, amount: str) -> None:
    campaign_id = store(session_factory, campaign())
    with session_scope(session_factory) as session:
        session.add(KpiTarget(campaign_id=campaign_id, metric="sales", target=Decimal(amount)))
    with session_scope(session_factory) as session:
        target = session.scalars(select(KpiTarget.target).where(KpiTarget.campaign_id == campaign_id)).one()
    assert target == Decimal(amount)


def test_amount_is_stored_as_integer_hundredths(session_factory: SessionFactory) -> None:
    campaign_id = store(session_factory, campaign(budget=Decimal("12345678901.23")))
    with session_scope(session_factory) as session:
        raw = session.execute(text("SELECT budget FROM campaign WHERE id = :id"), {"id": campaign_id}).scalar_one()
    assert raw == 1234567890123


def test_amounts_sum_exactly_in_sql(session_factory: SessionFactory) -> None:
    campaign_id = store(session_factory, campaign())
    with session_scope(session_factory) as session:
        for metric in ("clicks", "sales", "exposure"):
            session.add(KpiTarget(campaign_id=campaign_id, metric=metric, target=Decimal("0.1")))
    with session_scope(session_factory) as session:
        hundredths = session.execute(text("SELECT SUM(target) FROM kpi_target")).scalar_one()
    assert Decimal(hundredths) / 100 == Decimal("0.3")  # 0.1 + 0.1 + 0.1, no float drift


def test_amount_accepts_int_and_rounds_sub_cent_half_even(session_factory: SessionFactory) -> None:
    whole = store(session_factory, campaign(name="whole", budget=500))
    half_down = store(session_factory, campaign(name="half down", budget=Decimal("0.125")))
    half_up = store(session_factory, campaign(name="half up", budget=Decimal("0.135")))
    assert load(session_factory, whole).budget == Decimal("500.00")
    assert load(session_factory, half_down).budget == Decimal("0.12")
    assert load(session_factory, half_up).budget == Decimal("0.14")


def test_null_amount_and_datetime_stay_null(session_factory: SessionFactory) -> None:
    campaign_id = store(session_factory, campaign(approved_at=None))
    assert load(session_factory, campaign_id).approved_at is None


@pytest.mark.parametrize(
    "written",
    [
        datetime(2026, 4, 20, 10, 0, tzinfo=SHANGHAI),
        datetime(2026, 4, 20, 2, 0, tzinfo=UTC),
        datetime(2026, 4, 19, 22, 0, tzinfo=timezone(timedelta(hours=-4))),
        datetime(2026, 4, 20, 2, 0, 0, 123456, tzinfo=UTC),
    ],
)
def test_datetimes_come_back_aware_utc(session_factory: SessionFactory, written: datetime) -> None:
    campaign_id = store(session_factory, campaign(created_at=written, updated_at=written, approved_at=written))
    loaded = load(session_factory, campaign_id)
    for value in (loaded.created_at, loaded.updated_at, loaded.approved_at):
        assert value is not None
        assert value.tzinfo is not None
        assert value.utcoffset() == timedelta(0)
        assert value == written  # the same instant
        assert value.replace(tzinfo=None) == written.astimezone(UTC).replace(tzinfo=None)


def test_datetimes_in_query_results_are_aware_too(session_factory: SessionFactory) -> None:
    store(session_factory, campaign())
    with session_scope(session_factory) as session:
        created = session.scalars(select(Campaign.created_at)).one()
    assert created.tzinfo is not None and created.utcoffset() == timedelta(0)
    assert created == CREATED


def test_datetimes_compare_as_instants_in_sql(session_factory: SessionFactory) -> None:
    store(session_factory, campaign(name="early", created_at=datetime(2026, 4, 20, 9, 0, tzinfo=SHANGHAI)))
    store(session_factory, campaign(name="late", created_at=datetime(2026, 4, 20, 1, 30, tzinfo=UTC)))  # 09:30 CST
    with session_scope(session_factory) as session:
        cutoff = datetime(2026, 4, 20, 1, 15, tzinfo=UTC)  # 09:15 in Shanghai
        names = session.scalars(select(Campaign.name).where(Campaign.created_at > cutoff)).all()
    assert names == ["late"]


def test_naive_datetimes_are_refused(session_factory: SessionFactory) -> None:
    with pytest.raises(StatementError) as raised, session_scope(session_factory) as session:
        session.add(campaign(created_at=datetime(2026, 4, 20, 10, 0)))
        session.flush()
    assert isinstance(raised.value.orig, ValueError)
    assert "naive" in str(raised.value.orig)
    with session_scope(session_factory) as session:
        assert session.scalars(select(Campaign)).all() == []  # nothing was written
