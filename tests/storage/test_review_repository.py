"""Review queries on both backends: names across statuses and teams, completion times, budget lines, home totals."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from bot.plan.rules.budget_lines import BudgetLine
from storage.models import Campaign, DailyReport, Task, TaskStatusChange
from storage.repositories import home as home_repository
from storage.repositories import review as review_repository
from storage.session import SessionFactory, session_scope

NOW = datetime(2026, 5, 20, 2, 0, tzinfo=UTC)


def _campaign(name: str, *, status: str = "running", team_id: str = "T1", end: date = date(2026, 5, 31),
              channel: str = "C1") -> Campaign:
    return Campaign(team_id=team_id, name=name, objective="sales", status=status, start_date=date(2026, 5, 1),
                    end_date=end, owner_id="U1", channel_id=channel, budget=Decimal("100"), timezone="UTC",
                    created_by="U1", created_at=NOW, updated_at=NOW)


def test_a_name_finds_the_live_campaign_first_then_the_latest_finished(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        old = _campaign("Spring Sale", status="closed", end=date(2025, 5, 31))
        older = _campaign("spring sale", status="closed", end=date(2024, 5, 31))
        other_team = _campaign("Spring Sale", team_id="T2")
        session.add_all([old, older, other_team])
        session.flush()
        found = review_repository.find_campaign_by_name(session=session, team_id="T1", name="SPRING SALE")
        assert found is not None and found.id == old.id  # the most recent finished one, never another team's
        live = _campaign("Spring Sale")
        session.add(live)
        session.flush()
        by_name = review_repository.find_campaign_by_name(session=session, team_id="T1", name="Spring Sale")
        in_channel = review_repository.newest_campaign_in_channel(session=session, team_id="T1", channel_id="C1")
        assert by_name is live and in_channel is live
        assert review_repository.find_campaign_by_name(session=session, team_id="T3", name="Spring Sale") is None
        assert review_repository.newest_campaign_in_channel(session=session, team_id="T9", channel_id="C1") is None


def test_completion_times_come_back_aware_and_only_for_done_tasks(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        campaign = _campaign("Spring Sale")
        session.add(campaign)
        session.flush()
        tasks = [Task(campaign_id=campaign.id, title=f"t{n}", owner_id="U1", due_at=NOW, status=status,
                      created_by="U1", created_at=NOW, updated_at=NOW)
                 for n, status in enumerate(("done", "open", "done"))]
        session.add_all(tasks)
        session.flush()
        for task, moments in zip(tasks, ([NOW - timedelta(days=2), NOW - timedelta(days=1)], [NOW], []), strict=True):
            for moment in moments:
                session.add(TaskStatusChange(task_id=task.id, from_status="open", to_status="done", actor_id="U1",
                                             at=moment))
        session.flush()
        rows = review_repository.tasks_with_done_time(session=session, campaign_id=campaign.id or 0)
    assert [(task.title, done_at) for task, done_at in rows] == [
        ("t0", NOW - timedelta(days=1)),  # the last time it became done
        ("t1", None),  # reopened since: not done
        ("t2", None),  # done without a recorded change
    ]
    assert rows[0][1] is not None and rows[0][1].tzinfo is not None


def test_budget_plan_round_trips_exactly(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        campaign = _campaign("Spring Sale")
        session.add(campaign)
        session.flush()
        plan = {BudgetLine.MATERIALS: Decimal("20000.50"), BudgetLine.CONTINGENCY: Decimal("0.01")}
        review_repository.replace_budget_plan(session=session, campaign_id=campaign.id or 0, plan=plan, actor_id="U1",
                                              at=NOW)
        session.flush()
        review_repository.replace_budget_plan(session=session, campaign_id=campaign.id or 0, plan=plan, actor_id="U1",
                                              at=NOW)
        campaign_id = campaign.id or 0
    with session_scope(session_factory) as session:
        assert review_repository.budget_plan(session=session, campaign_id=campaign_id) == plan


def test_home_totals_sum_each_campaign_in_one_query(session_factory: SessionFactory) -> None:
    with session_scope(session_factory) as session:
        first, second = _campaign("A"), _campaign("B")
        session.add_all([first, second])
        session.flush()
        for campaign, sales in ((first, "10.10"), (first, "5.05"), (second, None)):
            session.add(DailyReport(campaign_id=campaign.id, day=date(2026, 5, 2), source=f"s{sales}",
                                    reporter_id="U1", exposure=100, sales=Decimal(sales) if sales else None,
                                    created_at=NOW, updated_at=NOW))
        session.flush()
        totals = home_repository.report_totals(session=session, campaign_ids=[first.id or 0, second.id or 0])
    assert totals[first.id or 0].exposure == 200 and totals[first.id or 0].sales == Decimal("15.15")
    assert totals[second.id or 0].exposure == 100 and totals[second.id or 0].sales is None
