"""'Next hour' / 'Next day': a pass at every moment something is due, with the clock at that moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlmodel import SQLModel

import storage.models as models
from sandbox.clock import SandboxClock
from sandbox.stepper import Stepper
from sandbox.store import SandboxStore
from scheduler.passes import PassReport
from storage.repositories.schedule import FIRE_TIMES, next_fire_after
from tests.support.harness import BotHarness

START = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)


def _pending(bot: BotHarness, key: str, at: datetime, status: str = "pending") -> None:
    with bot.session() as session:
        session.add(models.OutboxMessage(idempotency_key=key, kind="test", channel="C1", text=key, status=status,
                                         next_attempt_at=at, created_at=START))


def test_a_step_runs_a_pass_at_each_due_moment_then_at_the_target(bot: BotHarness, tmp_path: Path) -> None:
    for minutes in (10, 120):
        _pending(bot, f"due-{minutes}", START + timedelta(minutes=minutes))
    _pending(bot, "after-the-step", START + timedelta(hours=30))
    _pending(bot, "already-sent", START + timedelta(minutes=30), status="sent")
    clock = SandboxClock(SandboxStore(tmp_path / "s.db"), start=START, monotonic=lambda: 0.0)
    seen: list[tuple[datetime, datetime]] = []

    def record(services: object, now: datetime) -> PassReport:
        seen.append((now, clock.now()))
        return PassReport(now=now, counts={"delivery": 1})

    report = Stepper(bot.services, clock, run_pass=record).advance(timedelta(days=1))
    moments = [now for now, _ in seen]
    assert moments == [START + timedelta(minutes=10), START + timedelta(minutes=120), START + timedelta(days=1)]
    assert all(now == shown for now, shown in seen)  # the clock shows each moment while its pass runs
    assert (report.passes, report.sent, clock.now()) == (3, 3, START + timedelta(days=1))


def test_every_fire_time_column_is_consulted(bot: BotHarness) -> None:
    columns = {(column.class_.__name__, column.key) for column, _ in FIRE_TIMES}  # type: ignore[attr-defined]
    in_models = {(table_class.__name__, name) for table_class in _table_classes()
                 for name in table_class.model_fields if name.startswith("next_") and name.endswith("_at")}
    assert in_models == columns, "add the new next_*_at column to storage/schedule_repository.FIRE_TIMES"
    with bot.session() as session:
        assert next_fire_after(session=session, after=START) is None


def _table_classes() -> list[type[SQLModel]]:
    return [value for value in vars(models).values() if isinstance(value, type) and issubclass(value, SQLModel)
            and getattr(value, "__table__", None) is not None]
