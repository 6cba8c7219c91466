"""The demo's complaints followed through: one resolved with Maya's reply on its card, one assigned to Wang,
unanswered, escalated to Maya once; `/campaign feedback` in the channel lists the open one."""

from __future__ import annotations

from sqlalchemy import select

from sandbox import demo
from sandbox.runner import SandboxProcess
from sandbox.workspace import MAYA, SPRING_LAUNCH, WANG
from storage.models import FeedbackItem


def test_the_demo_has_a_resolved_complaint_and_an_open_escalated_one(sandbox_process: SandboxProcess) -> None:
    process = sandbox_process
    demo.seed(process)
    with process.services.unit_of_work() as session:
        items = {item.status: item for item in session.scalars(select(FeedbackItem))}
        assert set(items) == {"open", "resolved"}
        resolved, still_open = items["resolved"], items["open"]
        assert resolved.text == demo.RESOLVED_COMPLAINT and resolved.reply and "lottery page" in resolved.reply
        assert resolved.resolved_by == MAYA.id and resolved.resolved_at is not None
        assert resolved.resolved_at <= resolved.due_at
        assert still_open.text == demo.OPEN_COMPLAINT and still_open.assignee_id == WANG.id
        assert still_open.escalated_at is not None and still_open.escalate_at is None
    channel = process.store.messages(SPRING_LAUNCH.id, viewer=MAYA.id)
    cards = [m for m in channel if any(str(b.get("block_id", "")).startswith("feedback-card-") for b in m.blocks or [])]
    assert len(cards) == 2
    shown = " ".join(str(m.blocks) for m in cards)
    assert "winners are pinned" in shown and "<@U03WANG>" in shown
    told = [m for m in process.store.messages(process.store.im_for(MAYA.id).id, viewer=MAYA.id)
            if "has had no answer" in m.text]
    assert len(told) == 1
    maya = process.person(MAYA.id)
    listed = maya.say(SPRING_LAUNCH.id, "/campaign feedback")
    assert listed.ok
    newest = maya.messages(SPRING_LAUNCH.id)[-1]
    assert "Open complaints" in str(newest.blocks) and "Live-stream lottery" not in str(newest.blocks)
