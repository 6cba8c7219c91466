"""F1: every Block Kit builder and every top-level text, fed hostile user text, escapes it and stays within
Slack's limits (slack_sdk's models validate them on to_dict)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.campaigns.rules.campaign import Metric
from bot.campaigns.service.scheduling import CampaignDates
from bot.card.blocks import card as campaign_card
from bot.card.blocks import list as campaign_list
from bot.imports import blocks as import_blocks
from bot.imports.rules import TableParseResult
from bot.imports.rules.reimport import ImportPlan
from bot.incidents import blocks as incident_blocks
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.pace.rules.anomalies import Anomaly, AnomalyFigures, AnomalyKind
from bot.pace.rules.pace import CampaignPlan
from bot.pace.service.anomalies import describe
from bot.plan.rules.emergency_plan import EmergencyPlan, Severity
from bot.reports import blocks as report_modal
from bot.reports.rules.figures import DailyRow, Feedback, FeedbackKind, Figures
from bot.summary.blocks import message as summary_blocks
from bot.summary.rules import compute_summary
from bot.tasks.blocks import lines as task_blocks
from tests.support.hostile import HOSTILE, assert_escaped, mrkdwn_texts

NOW = datetime(2026, 5, 5, 2, 0, tzinfo=UTC)
hostile = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=200),
                    st.tuples(st.sampled_from(HOSTILE), st.text(max_size=50)).map("".join))
SWEEP = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _campaign(name: str) -> Any:
    return SimpleNamespace(
        id=7, name=name, theme=name, objective="sales", status="draft", start_date=date(2026, 5, 1),
        end_date=date(2026, 5, 31), warmup_start=None, burst_start=None, longtail_start=None, owner_id="U_OWNER",
        channel_id="C_CAMPAIGN", budget=Decimal("1000"), contingency_pct=10, timezone="Asia/Shanghai",
        created_by="U_OWNER", approved_by=None, approved_at=None,
    )


def _incident(text: str) -> Any:
    return SimpleNamespace(id=3, kind="equipment", severity="minor", description=text, reporter_id="U_OWNER",
                           responder_id="U_OWNER", status="open", created_at=NOW, acknowledged_by=None,
                           acknowledged_at=None, resolved_by=None, resolved_at=None, step=0)


def _task(text: str) -> Any:
    return SimpleNamespace(id=11, title=text, status="blocked", due_at=NOW, owner_id="U_OWNER", blocked_reason=text,
                           phase=None, phase_label=text, collaborators=text, deliverable=text, notes=text)


def _check(blocks: Any, where: str) -> None:
    data = [block.to_dict() for block in blocks] if isinstance(blocks, list) else blocks.to_dict()
    for text in mrkdwn_texts(data):
        assert_escaped(text, where)


@SWEEP
@given(name=hostile)
def test_campaign_card_list_and_fallbacks(name: str) -> None:
    campaign = _campaign(name)
    milestone = SimpleNamespace(name=name, on_date=date(2026, 5, 9))
    _check(campaign_card.campaign_card(campaign, {Metric.CLICKS: Decimal(10)}, "en", milestones=[milestone]), "card")
    assert_escaped(campaign_card.card_fallback_text(campaign, "en"), "card fallback")
    assert_escaped(campaign_card.card_fallback_text(campaign, "zh-CN"), "card fallback zh")
    _check(campaign_list.campaign_list([campaign], 1, "en"), "list")
    _check(campaign_list.help_blocks("en", unknown=name), "help")
    assert_escaped(campaign_list.help_text("en", unknown=name), "help text")


@SWEEP
@given(text=hostile)
def test_incident_card_modals_and_notes(text: str) -> None:
    campaign, incident = _campaign(text), _incident(text)
    plan = EmergencyPlan.load(None)
    _check(incident_blocks.incident_card(incident, campaign, plan.targets_for("equipment"), "en"), "incident card")
    assert_escaped(incident_blocks.card_fallback(incident, campaign, "en"), "incident fallback")
    _check(incident_blocks.report_modal(text, "", "en"), "incident modal")
    _check(incident_blocks.plan_modal(campaign, plan, "", "en"), "plan modal")
    assert_escaped(incident_blocks.plan_saved_note("U_OWNER", text, plan, "en"), "plan note")


@SWEEP
@given(text=hostile)
def test_task_builders(text: str) -> None:
    campaign, task = _campaign(text), _task(text)
    item = task_blocks.TaskItem.of(task, campaign)
    _check(task_blocks.task_items([item], "en", NOW), "task items")
    _check(task_blocks.my_tasks([item], "en", NOW), "my tasks")
    milestone = SimpleNamespace(name=text, on_date=date(2026, 5, 9))
    for by in ("phase", "owner"):
        _check(task_blocks.task_table(campaign, [task], [milestone], "en", NOW, by=by), "task table")  # type: ignore[arg-type]
    _check(task_blocks.blocked_modal(item, "", "en"), "blocked modal")


@SWEEP
@given(text=hostile)
def test_import_and_report_builders(text: str) -> None:
    _check(import_blocks.import_modal(text, ModalMetadata(campaign_id=1).dump(), "en"), "import modal")
    _check(import_blocks.offer_blocks(user_id="U_OWNER", file_name=text, campaign_name=text, value="{}",
                                      locale="en"), "offer")
    result = TableParseResult(tasks=[], milestones=[], issues=[], notices=[])
    _check(import_blocks.preview_view(campaign_name=text, timezone="UTC", source=text, result=result,
                                      plan=ImportPlan(added=[], changed=[], unchanged=[], missing=[]),
                                      metadata="", locale="en"), "preview")
    _check(import_blocks.notice_view(import_blocks.issue_text("no_task_column", {"headers": [text]}, "en"), "en"),
           "notice")
    from bot.reports.rules.form import ReportForm
    form = ReportForm(day=date(2026, 5, 5), source=text[:80], figures={}, feedback=text[:2000], feedback_type=None,
                      confirmed=False)
    _check(report_modal.report_modal(campaign_name=text, sources=[text[:80] or "All"], form=form, metadata="",
                                     locale="en", warnings=[]), "report modal")
    _check(report_modal.reporting_modal(reporter_ids=["U_OWNER"], sources=[text], metadata="", locale="en"),
           "reporting modal")


@SWEEP
@given(text=hostile)
def test_summary_and_anomaly_words(text: str) -> None:
    plan = CampaignPlan(dates=CampaignDates(start=date(2026, 5, 1), end=date(2026, 5, 31), warmup_start=None,
                                                          burst_start=None, longtail_start=None),
                        targets={Metric.CLICKS: Decimal(1000)}, budget=Decimal(100), contingency=Decimal(10))
    rows = [DailyRow(day=date(2026, 5, 5), source=text[:80], figures=Figures(clicks=5, spend=Decimal(1)))]
    feedback = [Feedback(day=date(2026, 5, 5), source=text, kind=FeedbackKind.COMPLAINT, text=text, seq=1)]
    summary = compute_summary(plan, rows, date(2026, 5, 5), feedback=feedback)
    _check(summary_blocks.summary_blocks(summary, campaign_name=text, missing_sources=[text], locale="en"), "summary")
    anomaly = Anomaly(AnomalyKind.BELOW_PACE, "clicks", Severity.MINOR, AnomalyFigures(5, 100, Decimal("0.9")),
                      date(2026, 5, 5), lagging_source=text)
    assert_escaped(describe(anomaly, _campaign(text), "en"), "anomaly description")


@SWEEP
@given(text=hostile)
def test_history_builder(text: str) -> None:
    import json

    from bot.history.blocks import history_blocks
    entry = SimpleNamespace(actor_id="U_OWNER", at=NOW, object_type="task", object_id=1, action="blocked",
                            before=json.dumps({"status": "open", "title": text}),
                            after=json.dumps({"status": "blocked", "reason": text, text[:20]: text}))
    odd = SimpleNamespace(actor_id=None, at=NOW, object_type=text[:20], object_id=None, action=text[:40],
                          before="not json", after=json.dumps([text]))
    _check(history_blocks(campaign_id=1, campaign_name=text, entries=[entry, odd] * 5, total=30, offset=0,
                          locale="en", timezone="Asia/Shanghai"), "history")
