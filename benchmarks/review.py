"""How long the review (复盘) of a big campaign takes, the way the scheduler makes it the morning after the end.

A 90-day campaign with 10 sources (900 daily-report rows with feedback and budget lines), 500 tasks (with their
status history), 30 incidents with their events, 5 KPI targets, 5 budget lines and 20 people's lessons, in a
migrated SQLite database. One run is what the scheduler pass does: `gather_review` (the queries and the domain
computation) and `enqueue_review` (the Block Kit message, the chart PNG and the PDF, written as three outbox
rows), in Chinese (Noto Sans CJK when installed). The first run, which finds and loads the fonts, is reported
apart; the figures are medians of the runs after it, with each part timed on its own too.

Goal (README.md, "Performance"): the review including the chart — gather + message + chart — ≤ 2 s. The whole pass
with the PDF as well is printed beside it, against the same 2 s.

`--database-url postgresql://…` runs it against PostgreSQL instead, in a schema of its own that is dropped after.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select

from bot.kernel.config import normalise_database_url
from bot.review.blocks.message import review_blocks
from bot.review.render.chart import render_review_chart
from bot.review.rules import ReviewPackage
from bot.review.service.posting import chart_labels, enqueue_review, number_formats, render_files
from bot.review.service.review import gather_review
from bot.summary.render.pace import ChartFonts
from storage.models import (
    BudgetPlanLine,
    Campaign,
    CampaignLesson,
    DailyReport,
    Incident,
    IncidentEvent,
    KpiTarget,
    OutboxMessage,
    Task,
    TaskStatusChange,
)
from storage.session import make_session_factory, session_scope
from tests.support.databases import migrated_engine

DAYS, SOURCES, TASKS, INCIDENTS, LESSONS = 90, 10, 500, 30, 20
RUNS = 5
GOAL_SECONDS = 2.0
START = date(2026, 5, 1)
END = START + timedelta(days=DAYS - 1)
CREATED = datetime(2026, 4, 1, tzinfo=UTC)
REVIEW_AT = datetime(2026, 7, 30, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, the day after the end
LINES = ("materials", "channel", "staff", "venue", "contingency")
KINDS = ("praise", "complaint", "suggestion")


def populate(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.begin() as connection:
        connection.execute(insert(Campaign), [{
            "id": 1, "team_id": "T1", "name": "双十一大促", "theme": "年度最大促销", "objective": "sales",
            "status": "evaluating", "start_date": START, "end_date": END, "warmup_start": START,
            "burst_start": START + timedelta(days=20), "longtail_start": START + timedelta(days=60),
            "owner_id": "U_OWNER", "channel_id": "C1", "budget": 3_000_000, "contingency_pct": 10,
            "timezone": "Asia/Shanghai", "created_by": "U_OWNER", "created_at": CREATED, "updated_at": CREATED}])
        connection.execute(insert(KpiTarget), [
            {"campaign_id": 1, "metric": metric, "target": target} for metric, target in (
                ("exposure", 50_000_000), ("clicks", 2_000_000), ("participants", 500_000), ("conversions", 60_000),
                ("sales", 20_000_000))])
        connection.execute(insert(BudgetPlanLine), [
            {"campaign_id": 1, "line": line, "planned": amount, "updated_by": "U_OWNER", "updated_at": CREATED}
            for line, amount in zip(LINES, (400_000, 1_800_000, 300_000, 200_000, 300_000), strict=True)])
        connection.execute(insert(DailyReport), [
            {"campaign_id": 1, "day": START + timedelta(days=day), "source": f"渠道{source}",
             "reporter_id": f"U_REP{source}", "exposure": 55_000 * (1 + source % 4),
             "clicks": 2_200 * (1 + source % 4), "participants": 550 * (1 + source % 4),
             "conversions": 66 * (1 + source % 4), "new_members": 30, "sales": 22_000 * (1 + source % 4),
             "spend": 3_300 * (1 + source % 4), "budget_line": LINES[source % 5] if source % 3 else None,
             "feedback": f"第{day}天的反馈：{'包装很好' if source % 2 else '发货太慢'}",
             "feedback_type": KINDS[(day + source) % 3], "created_at": CREATED, "updated_at": CREATED}
            for day in range(DAYS) for source in range(SOURCES)])
        due = [datetime.combine(START + timedelta(days=n % DAYS), datetime.min.time(), tzinfo=UTC)
               + timedelta(hours=15) for n in range(TASKS)]
        connection.execute(insert(Task), [
            {"id": n + 1, "campaign_id": 1, "title": f"任务 {n}：物料与投放准备", "owner_id": f"U{n % 40}",
             "due_at": due[n], "status": ("done", "done", "done", "open", "blocked")[n % 5], "created_by": "U_OWNER",
             "created_at": CREATED, "updated_at": CREATED} for n in range(TASKS)])
        connection.execute(insert(TaskStatusChange), [
            {"task_id": n + 1, "from_status": "open", "to_status": "done", "actor_id": f"U{n % 40}",
             "at": due[n] + timedelta(hours=-2 if n % 4 else 30)} for n in range(TASKS) if n % 5 < 3])
        opened = [CREATED + timedelta(days=31 + n * 2, hours=n % 9) for n in range(INCIDENTS)]
        connection.execute(insert(Incident), [
            {"id": n + 1, "campaign_id": 1, "kind": ("equipment", "traffic", "public_opinion")[n % 3],
             "severity": "minor", "description": f"问题 {n}", "reporter_id": "U_REP0", "responder_id": "U_OWNER",
             "status": "resolved" if n % 6 else "open", "created_at": opened[n], "updated_at": opened[n],
             "stepped_at": opened[n], "run_id": f"r{n}"} for n in range(INCIDENTS)])
        events = []
        for n in range(INCIDENTS):
            events.append({"incident_id": n + 1, "kind": "opened", "at": opened[n]})
            if n % 6:
                events += [{"incident_id": n + 1, "kind": "acknowledged", "at": opened[n] + timedelta(minutes=7 * n)},
                           {"incident_id": n + 1, "kind": "resolved", "at": opened[n] + timedelta(hours=n)}]
        connection.execute(insert(IncidentEvent), events)
        connection.execute(insert(CampaignLesson), [
            {"campaign_id": 1, "author_id": f"U{n}", "worked": "直播带货效果好" * 5, "fell_short": "物料超支" * 5,
             "next_time": "提前备货" * 5, "created_at": REVIEW_AT, "updated_at": REVIEW_AT} for n in range(LESSONS)])
    return DAYS * SOURCES


def one_review(factory, key: str) -> tuple[ReviewPackage, int]:  # type: ignore[no-untyped-def]
    with session_scope(factory) as session:
        campaign = session.scalars(select(Campaign)).one()
        package = gather_review(session=session, campaign=campaign, now=REVIEW_AT)
        added = enqueue_review(session, package, key=key, locale="zh-CN", now=REVIEW_AT, name_of=lambda user: user)
    return package, added


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="default: a temporary SQLite file")
    args = parser.parse_args()
    backend = "postgresql" if args.database_url else "sqlite"
    base = normalise_database_url(args.database_url) if args.database_url else None
    with tempfile.TemporaryDirectory() as directory, migrated_engine(backend, Path(directory), base=base) as engine:
        return measure(engine)


def measure(engine) -> int:  # type: ignore[no-untyped-def]
    rows = populate(engine)
    factory = make_session_factory(engine)
    started = time.perf_counter()
    one_review(factory, "bench:cold")
    cold = time.perf_counter() - started
    timings: list[float] = []
    parts: dict[str, list[float]] = {"gather (SQL + domain)": [], "message blocks": [], "chart": [], "PDF": []}
    package: ReviewPackage | None = None
    for run in range(RUNS):
        started = time.perf_counter()
        package, added = one_review(factory, f"bench:{run}")
        timings.append(time.perf_counter() - started)
        assert added == 3
        with session_scope(factory) as session:
            started = time.perf_counter()
            gather_review(session=session, campaign=session.scalars(select(Campaign)).one(), now=REVIEW_AT)
            parts["gather (SQL + domain)"].append(time.perf_counter() - started)
        started = time.perf_counter()
        review_blocks(package, "zh-CN")
        parts["message blocks"].append(time.perf_counter() - started)
        labels, formats = chart_labels(package, "zh-CN"), number_formats("zh-CN")
        started = time.perf_counter()
        render_review_chart(package.review, labels, formats, locale="zh-CN")
        parts["chart"].append(time.perf_counter() - started)
        started = time.perf_counter()
        render_files(package, locale="zh-CN", now=REVIEW_AT, name_of=lambda user: user)
        parts["PDF"].append(time.perf_counter() - started - parts["chart"][-1])
    assert package is not None
    with session_scope(factory) as session:
        files = session.scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key == "bench:0:pdf")).one()
        pdf_size = len(files.attachment or b"")
        chart = session.scalars(select(OutboxMessage).where(OutboxMessage.idempotency_key == "bench:0:chart")).one()
        png_size = len(chart.attachment or b"")
    median = statistics.median(timings)
    fonts = ChartFonts.detect("zh-CN")
    review = package.review
    print(f"review of a {DAYS}-day campaign: {rows} report rows, {review.tasks.total} tasks, "
          f"{review.incidents.count} incidents, {len(review.lessons)} lessons ({engine.dialect.name})")
    print(f"font: {' + '.join(fonts.families)} (CJK: {'yes' if fonts.has_cjk else 'no, ASCII fallback'}); "
          f"PNG {png_size:,} bytes, PDF {pdf_size:,} bytes")
    print(f"first run (finds and loads fonts): {cold * 1000:.0f} ms")
    low, high = min(timings) * 1000, max(timings) * 1000
    medians = {name: statistics.median(values) for name, values in parts.items()}
    review = medians["gather (SQL + domain)"] + medians["message blocks"] + medians["chart"]
    print(f"the review including the chart (gather + message + chart): {review * 1000:.0f} ms")
    print(f"the whole pass (gather + message + chart + PDF + outbox), median of {RUNS} runs: {median * 1000:.0f} ms "
          f"(min {low:.0f}, max {high:.0f})")
    for name, value in medians.items():
        print(f"  {name}: median {value * 1000:.0f} ms")
    met = review <= GOAL_SECONDS
    print(f"goal ≤ {GOAL_SECONDS:g} s for the review with its chart: {'met' if met else 'NOT met'}; "
          f"with the PDF too: {'met' if median <= GOAL_SECONDS else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
