"""The demo campaign a newcomer meets, played through the real bot, on both backends."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from sandbox import demo, demo_readiness
from sandbox.render.page import HOME, PageRenderer
from sandbox.runner import SandboxProcess
from sandbox.workspace import DAVID, MAYA, PEOPLE, SAM, SPRING_LAUNCH, TOM, WANG
from storage.models import (
    BudgetPlanLine,
    Campaign,
    CampaignGoal,
    CampaignReporter,
    ChecklistItem,
    DailyReport,
    Incident,
    IncidentAdjustment,
    Milestone,
    OutboxMessage,
    Task,
)
from storage.repositories import signoff as signoff_repository
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
        # Signed off by its named approver, not by Maya, its owner.
        assert signoff_repository.approvers(session=session, campaign_id=campaign.id or 0) == [DAVID.id]
        assert (campaign.owner_id, campaign.approved_by) == (MAYA.id, DAVID.id)
        assert (today - campaign.start_date).days + 1 == 10 and (campaign.end_date - campaign.start_date).days + 1 == 30
        tasks = session.scalars(select(Task).where(Task.campaign_id == campaign.id)).all()
        milestones = session.scalars(select(Milestone).where(Milestone.campaign_id == campaign.id)).all()
        # The table's 19 tasks and the task of the incident's adjustment; its two milestones and two added on the card.
        assert len(tasks) == 20 and len(milestones) == 4
        outcomes = {m.name: (m.state, m.owner_id) for m in milestones}
        assert outcomes[demo_readiness.MATERIALS_CONFIRMED] == ("done", SAM.id)
        assert outcomes[demo_readiness.WARMUP_LIVE] == ("missed", TOM.id)
        items = session.scalars(select(ChecklistItem).where(ChecklistItem.campaign_id == campaign.id)).all()
        assert len(items) == 5 and sum(item.done_at is not None for item in items) == 3
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
        # Douyin is still behind its own share after the adjustment: the Adjustments line and its By source line
        # say so alike (the campaign's own lines may be green: the other sources carry it).
        assert len(checked) == 2
        assert all("🔴 Participants (参与人数) on 抖音 Douyin: still behind" in blocks for blocks in checked)
        assert all("*抖音 Douyin* (35% of the targets): 🔴" in blocks for blocks in checked)
    told = process.store.messages(process.store.im_for(TOM.id).id, viewer=TOM.id)
    assert sum(demo_readiness.WARMUP_LIVE in m.text for m in told) == 1  # missed: its owner told once
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


def test_the_demo_sets_rate_and_lift_targets_and_reports_their_figures(sandbox_process: SandboxProcess) -> None:
    """Maya sets new customers ≥ 40% and brand searches +30% on 2,000 a day; the reports carry both figures, and
    the 21:00 summaries judge them: the share just short (🔴), the searches above their lift (🟢)."""
    process = sandbox_process
    demo.seed(process)
    with process.services.unit_of_work() as session:
        goals = {row.goal: (row.target, row.baseline) for row in session.scalars(select(CampaignGoal))}
        reports = session.scalars(select(DailyReport)).all()
    assert goals == {"new_customer_share": (Decimal(40), None), "brand_searches": (Decimal(30), Decimal(2000))}
    assert all(report.new_customers for report in reports)
    assert {report.brand_searches is not None for report in reports if report.source == demo.SOURCES[0]} == {True}
    summaries = [json.dumps(message.blocks, ensure_ascii=False)
                 for message in process.store.messages(SPRING_LAUNCH.id, viewer=None, limit=1000)
                 if "New-customer share" in json.dumps(message.blocks or [], ensure_ascii=False)]
    assert summaries, "the 21:00 summaries show the rates and lifts"
    last = summaries[-1]
    assert "🔴 New-customer share: 3" in last and "(target ≥ 40%)" in last and "🟢 Brand searches: +" in last
