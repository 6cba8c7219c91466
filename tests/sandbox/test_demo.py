"""The demo campaign a newcomer meets, played through the real bot, on both backends."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from sandbox import demo
from sandbox.render.page import HOME, PageRenderer
from sandbox.runner import SandboxProcess
from sandbox.workspace import PEOPLE, SPRING_LAUNCH, TOM, WANG
from storage.models import (
    BudgetPlanLine,
    Campaign,
    CampaignReporter,
    DailyReport,
    Incident,
    IncidentAdjustment,
    Milestone,
    OutboxMessage,
    Task,
)
from tests.sandbox.conftest import SANDBOX_START

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_the_demo_campaign_is_alive(sandbox_process: SandboxProcess) -> None:
    process = sandbox_process
    assert demo.database_is_empty(process)
    demo.seed(process)
    today = SANDBOX_START.date()
    with process.services.unit_of_work() as session:
        campaign = session.scalars(select(Campaign)).one()
        assert (campaign.name, campaign.status, campaign.team_id) == (demo.DEMO_NAME, "running", "TSANDBOX")
        assert (today - campaign.start_date).days + 1 == 10 and (campaign.end_date - campaign.start_date).days + 1 == 30
        tasks = session.scalars(select(Task).where(Task.campaign_id == campaign.id)).all()
        milestones = session.scalars(select(Milestone).where(Milestone.campaign_id == campaign.id)).all()
        # The table's 21 rows, and the task of the incident's adjustment.
        assert len(tasks) + len(milestones) == 22 and len(milestones) == 2
        assert {task.status for task in tasks} >= {"done", "open", "blocked"}
        assert any(m.on_date == today + timedelta(days=1) for m in milestones)  # a milestone tomorrow
        reporters = session.scalars(select(CampaignReporter).where(CampaignReporter.campaign_id == campaign.id)).all()
        assert len(reporters) == 3
        reports = session.scalars(select(DailyReport).where(DailyReport.campaign_id == campaign.id)).all()
        days = {report.day for report in reports}
        assert days == {campaign.start_date + timedelta(days=n) for n in range(10)}
        per_source = {source: sum(r.exposure or 0 for r in reports if r.source == source) for source in demo.SOURCES}
        assert min(per_source, key=per_source.__getitem__) == demo.SOURCES[1]  # Douyin lags
        assert any(r.feedback_type == "complaint" for r in reports)
        assert session.scalar(select(func.count()).select_from(Incident).where(Incident.status != "resolved")) >= 1
        # The pace incident has its cause and adjustment: Tom's task, ¥20,000 moved from the ¥50,000 reserve.
        [adjustment] = session.scalars(select(IncidentAdjustment)).all()
        incident = session.get(Incident, adjustment.incident_id)
        assert incident is not None and (incident.kind, incident.dedupe_key) == ("traffic", "anomaly:traffic")
        assert (adjustment.cause, adjustment.owner_id, adjustment.extra_budget) == ("channel", TOM.id, 20_000)
        assert session.get(Task, adjustment.task_id).owner_id == TOM.id  # type: ignore[union-attr]
        lines = {row.line: row.planned for row in session.scalars(select(BudgetPlanLine))}
        assert lines == {"contingency": 30_000, "channel": 20_000}
        checked = [row.blocks for row in session.scalars(select(OutboxMessage).where(
            OutboxMessage.kind == "daily_summary")) if row.blocks and "summary-adjustments" in row.blocks]
        assert len(checked) == 2 and all("Exposure: back on pace" in blocks for blocks in checked)
    local_now = process.clock.now().astimezone(SHANGHAI)
    assert (local_now.date(), local_now.hour) == (today, 16)
    assert not demo.database_is_empty(process) and demo.demo_exists(process)


def test_everything_the_bot_said_in_the_demo_renders(sandbox_process: SandboxProcess) -> None:
    """Every block and element the bot emitted while the demo played has a renderer (no '[… block]' gaps)."""
    process = sandbox_process
    demo.seed(process)
    page = PageRenderer(process.store, process.api.workspace)
    now = process.clock.now()
    rendered = []
    for person in PEOPLE:
        viewer = page.viewer(person.id)
        for channel in [*process.store.channels(), process.store.im_for(person.id)]:
            rendered.append(str(page.conversation(viewer, channel.id, now)))
        rendered.append(str(page.home(viewer, now)))
    html = "\n".join(rendered)
    assert "bk-unknown" not in html
    assert html.count("<article") > 100 and "<img" in html  # charts among them


def test_moving_the_demo_clock_to_nine_pm_brings_the_summary(sandbox_process: SandboxProcess) -> None:
    process = sandbox_process
    demo.seed(process)
    before = len(process.store.messages(SPRING_LAUNCH.id, viewer=WANG.id))
    for _ in range(5):
        process.advance(timedelta(hours=1))
    local_now = process.clock.now().astimezone(SHANGHAI)
    assert local_now.hour == 21
    new = process.store.messages(SPRING_LAUNCH.id, viewer=WANG.id)[before:]
    summaries = [m for m in new if m.text.startswith("Daily report")]
    charts = [m for m in new if m.files]
    assert summaries and charts
    assert summaries[0].posted_at.astimezone(SHANGHAI).strftime("%H:%M") == "21:00"
    assert charts[0].files[0]["mimetype"] == "image/png"
    prompts = [m for m in process.store.messages(f"D{WANG.id[1:]}", viewer=WANG.id)
               if m.posted_at.astimezone(SHANGHAI) == local_now.replace(hour=17, minute=0, second=0, microsecond=0)
               or m.posted_at.astimezone(SHANGHAI).strftime("%H:%M") == "17:00"]
    assert prompts and all("日报" in m.text for m in prompts)  # her 17:00 prompts, in Chinese


def test_the_home_tab_asks_the_bot(sandbox_process: SandboxProcess) -> None:
    """Opening Home sends app_home_opened; the page shows what the bot published (or says it is loading)."""
    process = sandbox_process
    outcome = process.client.open_home(WANG.id)
    process.settle()
    page = PageRenderer(process.store, process.api.workspace)
    html = str(page.home(page.viewer(WANG.id), process.clock.now()))
    assert outcome.ok or outcome.error == "dispatch_failed"
    assert 'role="tab"' in html and "Home" in html
    assert HOME == "home"
