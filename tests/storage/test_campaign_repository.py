from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlmodel import Session

from bot.campaigns.rules.campaign import Metric, Status
from storage.models import Campaign, CampaignStatusChange, KpiTarget
from storage.repositories import campaigns as repo
from storage.session import SessionFactory, session_scope

T0 = datetime(2026, 4, 20, 2, 0, tzinfo=UTC)


def campaign(name: str, *, minutes: int = 0, status: str = Status.DRAFT, team_id: str = "T1",
             channel_id: str = "C1") -> Campaign:
    at = T0 + timedelta(minutes=minutes)
    return Campaign(
        team_id=team_id, name=name, objective="sales", status=status, start_date=date(2026, 5, 1),
        end_date=date(2026, 5, 31), owner_id="U1", channel_id=channel_id, budget=Decimal("100"), timezone="UTC",
        created_by="U1", created_at=at, updated_at=at,
    )


def add(session: Session, *rows: Campaign) -> list[int]:
    ids = []
    for row in rows:
        repo.add_campaign(session=session, campaign=row)
        assert row.id is not None  # add_campaign flushes, so the id is known at once
        ids.append(row.id)
    return ids


# --- list_live_campaigns -------------------------------------------------------------------------------------------


def test_list_is_newest_first_and_live_only(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        add(
            session,
            campaign("Oldest", minutes=0),
            campaign("Newest", minutes=30, status=Status.RUNNING),
            campaign("Middle", minutes=10, status=Status.APPROVED),
            campaign("Closed", minutes=40, status=Status.CLOSED),
            campaign("Cancelled", minutes=50, status=Status.CANCELLED),
            campaign("Other team", minutes=60, team_id="T2"),
        )
    with session_scope(session_factory) as session:
        rows, total = repo.list_live_campaigns(session=session, team_id="T1", limit=10)
    assert [row.name for row in rows] == ["Newest", "Middle", "Oldest"]
    assert total == 3


def test_list_breaks_ties_by_newest_id(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        first, second, third = add(session, campaign("A"), campaign("B"), campaign("C"))  # same created_at
    with session_scope(session_factory) as session:
        rows, _total = repo.list_live_campaigns(session=session, team_id="T1", limit=10)
    assert [row.id for row in rows] == [third, second, first]


@pytest.mark.parametrize(("limit", "shown"), [(0, []), (1, ["E"]), (3, ["E", "D", "C"]), (5, ["E", "D", "C", "B", "A"]),
                                              (50, ["E", "D", "C", "B", "A"])])
def test_list_limit_keeps_the_newest_and_total_counts_all(
    session_factory: SessionFactory, limit: int, shown: list[str]
) -> None:
    with session_scope(session_factory) as session:
        add(session, *(campaign(name, minutes=i) for i, name in enumerate("ABCDE")))
    with session_scope(session_factory) as session:
        rows, total = repo.list_live_campaigns(session=session, team_id="T1", limit=limit)
    assert [row.name for row in rows] == shown
    assert total == 5


def test_list_of_an_empty_team(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        add(session, campaign("Elsewhere", team_id="T2"))
        rows, total = repo.list_live_campaigns(session=session, team_id="T1", limit=10)
    assert list(rows) == []
    assert total == 0


# --- find_live_campaign_by_name -------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["Spring Sale", "spring sale", "SPRING SALE", "sPrInG sAlE"])
def test_find_by_name_ignores_case(session_factory: SessionFactory, typed: str) -> None:
    with session_scope(session_factory) as session:
        (campaign_id,) = add(session, campaign("Spring Sale"))
    with session_scope(session_factory) as session:
        found = repo.find_live_campaign_by_name(session=session, team_id="T1", name=typed)
    assert found is not None and found.id == campaign_id


def test_find_by_name_chinese(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        (campaign_id,) = add(session, campaign("双11会员日"))
        found = repo.find_live_campaign_by_name(session=session, team_id="T1", name="双11会员日")
    assert found is not None and found.id == campaign_id


def test_find_by_name_needs_the_whole_name_in_the_same_team(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        add(session, campaign("Spring Sale"))
        assert repo.find_live_campaign_by_name(session=session, team_id="T1", name="Spring") is None
        assert repo.find_live_campaign_by_name(session=session, team_id="T1", name="Spring Sale 2") is None
        assert repo.find_live_campaign_by_name(session=session, team_id="T2", name="Spring Sale") is None


@pytest.mark.parametrize("status", [Status.CLOSED, Status.CANCELLED])
def test_find_by_name_skips_finished_campaigns(session_factory: SessionFactory, status: Status) -> None:
    with session_scope(session_factory) as session:
        add(session, campaign("Spring Sale", status=status))
        assert repo.find_live_campaign_by_name(session=session, team_id="T1", name="spring sale") is None
        (live_id,) = add(session, campaign("Spring Sale", minutes=5))
        found = repo.find_live_campaign_by_name(session=session, team_id="T1", name="spring sale")
    assert found is not None and found.id == live_id


def test_find_by_name_excluding_the_campaign_being_edited(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        own_id, other_id = add(session, campaign("Spring Sale"), campaign("Autumn Sale"))
        # Keeping its own name is not a clash …
        assert repo.find_live_campaign_by_name(session=session, team_id="T1", name="SPRING SALE",
                                               excluding_id=own_id) is None
        # … taking another live campaign's name is.
        clash = repo.find_live_campaign_by_name(session=session, team_id="T1", name="autumn sale",
                                                excluding_id=own_id)
    assert clash is not None and clash.id == other_id


# --- live_campaigns_in_channel ------------------------------------------------------------------------------------


def test_live_campaigns_in_channel(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        add(
            session,
            campaign("Old", minutes=0, channel_id="C1"),
            campaign("New", minutes=5, channel_id="C1", status=Status.RUNNING),
            campaign("Done", minutes=10, channel_id="C1", status=Status.CLOSED),
            campaign("Elsewhere", minutes=15, channel_id="C2"),
            campaign("Other team", minutes=20, channel_id="C1", team_id="T2"),
        )
    with session_scope(session_factory) as session:
        in_c1 = repo.live_campaigns_in_channel(session=session, team_id="T1", channel_id="C1")
        in_c2 = repo.live_campaigns_in_channel(session=session, team_id="T1", channel_id="C2")
        in_c3 = repo.live_campaigns_in_channel(session=session, team_id="T1", channel_id="C3")
    assert [row.name for row in in_c1] == ["New", "Old"]
    assert [row.name for row in in_c2] == ["Elsewhere"]
    assert list(in_c3) == []


# --- KPI targets ----------------------------------------------------------------------------------------------------


def targets_in_db(session_factory: SessionFactory, campaign_id: int) -> dict[Metric, Decimal]:
    with session_scope(session_factory) as session:
        return repo.kpi_targets(session=session, campaign_id=campaign_id)


def target_row_ids(session: Session, campaign_id: int) -> dict[str, int | None]:
    rows = session.scalars(select(KpiTarget).where(KpiTarget.campaign_id == campaign_id))
    return {row.metric: row.id for row in rows}


def test_replace_kpi_targets_adds_updates_and_removes(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        campaign_id, other_id = add(session, campaign("Spring Sale"), campaign("Autumn Sale"))
        repo.replace_kpi_targets(session=session, campaign_id=other_id, targets={Metric.CLICKS: Decimal("7")})

    with session_scope(session_factory) as session:
        repo.replace_kpi_targets(session=session, campaign_id=campaign_id, targets={
            Metric.EXPOSURE: Decimal("5000000"), Metric.CLICKS: Decimal("20000"), Metric.SALES: Decimal("1234.56"),
        })
    assert targets_in_db(session_factory, campaign_id) == {
        Metric.EXPOSURE: Decimal("5000000"), Metric.CLICKS: Decimal("20000"), Metric.SALES: Decimal("1234.56"),
    }

    with session_scope(session_factory) as session:
        ids_before = target_row_ids(session, campaign_id)
        repo.replace_kpi_targets(session=session, campaign_id=campaign_id, targets={
            Metric.CLICKS: Decimal("25000"),  # updated
            Metric.SALES: Decimal("1234.56"),  # unchanged
            Metric.CONVERSIONS: Decimal("300"),  # added; exposure removed
        })
    assert targets_in_db(session_factory, campaign_id) == {
        Metric.CLICKS: Decimal("25000"), Metric.SALES: Decimal("1234.56"), Metric.CONVERSIONS: Decimal("300"),
    }
    with session_scope(session_factory) as session:
        ids_after = target_row_ids(session, campaign_id)
    # Rows are updated in place, not deleted and re-inserted.
    assert ids_after["clicks"] == ids_before["clicks"]
    assert ids_after["sales"] == ids_before["sales"]

    with session_scope(session_factory) as session:
        repo.replace_kpi_targets(session=session, campaign_id=campaign_id, targets={})
    assert targets_in_db(session_factory, campaign_id) == {}
    # Another campaign's targets are never touched.
    assert targets_in_db(session_factory, other_id) == {Metric.CLICKS: Decimal("7")}


def test_kpi_targets_come_back_as_metrics(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        (campaign_id,) = add(session, campaign("Spring Sale"))
        repo.replace_kpi_targets(session=session, campaign_id=campaign_id, targets={Metric.SALES: Decimal("0.01")})
    targets = targets_in_db(session_factory, campaign_id)
    (metric,) = targets
    assert metric is Metric.SALES
    assert targets[metric] == Decimal("0.01")


# --- get_campaign and status history ------------------------------------------------------------------------------


@pytest.mark.parametrize("for_update", [False, True])
def test_get_campaign(session_factory: SessionFactory, for_update: bool) -> None:
    with session_scope(session_factory) as session:
        (campaign_id,) = add(session, campaign("Spring Sale"))
    with session_scope(session_factory) as session:
        found = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=None,
                                 for_update=for_update)
        assert found is not None and found.name == "Spring Sale"
        found.status = Status.APPROVED  # the locked row can be changed in the same unit of work
        assert repo.get_campaign(session=session, campaign_id=campaign_id + 1000, team_id=None,
                                 for_update=for_update) is None
    with session_scope(session_factory) as session:
        reloaded = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=None)
        assert reloaded is not None and reloaded.status == Status.APPROVED


def test_record_status_change(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        (campaign_id,) = add(session, campaign("Spring Sale"))
        repo.record_status_change(session=session, campaign_id=campaign_id, from_status=None, to_status="draft",
                                  actor_id="U1", at=T0)
        repo.record_status_change(session=session, campaign_id=campaign_id, from_status="draft",
                                  to_status="approved", actor_id="U2", at=T0 + timedelta(hours=1))
    with session_scope(session_factory) as session:
        history = session.scalars(select(CampaignStatusChange).order_by(CampaignStatusChange.id)).all()
    assert [(h.from_status, h.to_status, h.actor_id, h.at) for h in history] == [
        (None, "draft", "U1", T0),
        ("draft", "approved", "U2", T0 + timedelta(hours=1)),
    ]


def test_get_campaign_is_scoped_to_its_team(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        (campaign_id,) = add(session, campaign("Spring Sale"))
        team = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=None).team_id  # type: ignore[union-attr]
    with session_scope(session_factory) as session:
        assert repo.get_campaign(session=session, campaign_id=campaign_id, team_id=team) is not None
        assert repo.get_campaign(session=session, campaign_id=campaign_id, team_id="T_OTHER") is None
