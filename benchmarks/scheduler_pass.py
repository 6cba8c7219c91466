"""Cost of one scheduler pass when nothing is due, at 1× and 10× the data.

1×: 1,000 campaigns, 50,000 tasks, 3,000 milestones, 5,000 reporters, 100,000 daily-report rows and 100,000
outbox rows already delivered (the history a busy bot accumulates). Every row has a next fire time in the
future, as in a quiet minute.

Goal: a pass at 1× takes ≤ 200 ms on SQLite, and 10× the data costs ≤ 1.5× the time: the pass reads the
indexed next-fire columns, so its cost follows the due items, not the table sizes.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from bot.kernel.clock import FixedClock
from bot.kernel.config import Settings
from bot.runtime.app import build_services
from scheduler.passes import run_due
from storage.migrate import upgrade
from storage.models import Campaign, CampaignReporter, DailyReport, Milestone, OutboxMessage, Task
from storage.session import make_engine, make_session_factory

NOW = datetime(2026, 5, 10, 1, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=2)
CHUNK = 5000
PASSES = 30
GOAL_MS = 200
GOAL_RATIO = 1.5


def _chunks(rows: list[dict], size: int = CHUNK):  # type: ignore[no-untyped-def]
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def populate(engine, scale: int) -> dict[str, int]:  # type: ignore[no-untyped-def]
    campaigns, tasks_per, milestones_per, outbox_rows = 1000 * scale, 50, 3, 100_000 * scale
    report_rows = 100_000 * scale
    with engine.begin() as connection:
        for chunk in _chunks([
            {"id": n + 1, "team_id": "T1", "name": f"Campaign {n}", "theme": "", "objective": "sales",
             "status": "running", "start_date": date(2026, 5, 1), "end_date": date(2026, 5, 31), "owner_id": "U1",
             "channel_id": f"C{n}", "budget": 100000, "contingency_pct": 10, "timezone": "Asia/Shanghai",
             "created_by": "U1", "created_at": NOW, "updated_at": NOW, "next_event_at": LATER,
             "next_summary_at": LATER}
            for n in range(campaigns)
        ]):
            connection.execute(insert(Campaign), chunk)
        for chunk in _chunks([
            {"campaign_id": n // tasks_per + 1, "title": f"Task {n}", "owner_id": f"U{n % 500}", "due_at": LATER,
             "status": "open", "created_by": "U1", "created_at": NOW, "updated_at": NOW, "next_reminder_at": LATER}
            for n in range(campaigns * tasks_per)
        ]):
            connection.execute(insert(Task), chunk)
        for chunk in _chunks([
            {"campaign_id": n // milestones_per + 1, "name": f"M{n}", "on_date": date(2026, 5, 20),
             "created_by": "U1", "created_at": NOW, "next_reminder_at": LATER}
            for n in range(campaigns * milestones_per)
        ]):
            connection.execute(insert(Milestone), chunk)
        for chunk in _chunks([
            {"campaign_id": n // 5 + 1, "user_id": f"U{n}", "next_prompt_at": LATER} for n in range(campaigns * 5)
        ]):
            connection.execute(insert(CampaignReporter), chunk)
        for chunk in _chunks([
            {"campaign_id": n // 100 + 1, "day": date(2026, 5, 1) + timedelta(days=n % 10), "source": f"S{n % 10}",
             "reporter_id": f"U{n % 100}", "exposure": 1000, "clicks": 100, "created_at": NOW, "updated_at": NOW}
            for n in range(report_rows)
        ]):
            connection.execute(insert(DailyReport), chunk)
        for chunk in _chunks([
            {"idempotency_key": f"history:{n}", "kind": "task_due_before", "channel": "U1", "text": "done",
             "status": "sent", "attempts": 1, "next_attempt_at": NOW, "created_at": NOW, "sent_at": NOW}
            for n in range(outbox_rows)
        ]):
            connection.execute(insert(OutboxMessage), chunk)
    return {"campaigns": campaigns, "tasks": campaigns * tasks_per, "milestones": campaigns * milestones_per,
            "reporters": campaigns * 5, "report rows": report_rows, "outbox": outbox_rows}


def measure(scale: int, workdir: Path) -> tuple[dict[str, int], float]:
    engine = make_engine(f"sqlite:///{workdir / f'scale{scale}.db'}")
    upgrade(engine)
    sizes = populate(engine, scale)
    settings = Settings(slack_bot_token="xoxb-benchmark", slack_signing_secret="s",
                        slack_api_url="http://127.0.0.1:9/api/")  # nothing is due, so Slack is never called
    services = build_services(settings, session_factory=make_session_factory(engine), clock=FixedClock(NOW))
    run_due(services, NOW)  # warm caches and the connection pool
    timings = []
    for _ in range(PASSES):
        started = time.perf_counter()
        report = run_due(services, NOW)
        timings.append(time.perf_counter() - started)
        assert sum(report.counts.values()) == 0, report
    engine.dispose()
    return sizes, statistics.median(timings) * 1000


def main() -> int:
    with tempfile.TemporaryDirectory() as workdir:
        small_sizes, small = measure(1, Path(workdir))
        large_sizes, large = measure(10, Path(workdir))
    for label, sizes, ms in (("1x", small_sizes, small), ("10x", large_sizes, large)):
        described = ", ".join(f"{count:,} {name}" for name, count in sizes.items())
        print(f"{label:>3}: median pass {ms:6.1f} ms over {PASSES} passes ({described})")
    ratio = large / small
    print(f"10x/1x time ratio: {ratio:.2f}")
    print(f"goal 1x <= {GOAL_MS} ms: {'met' if small <= GOAL_MS else 'NOT met'}; "
          f"goal ratio <= {GOAL_RATIO}: {'met' if ratio <= GOAL_RATIO else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
