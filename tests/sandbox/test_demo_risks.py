"""The demo campaign keeps a risk register, and the risk that comes true (Douyin's traffic) shows its prepared
mitigation on the traffic incident's card."""

from __future__ import annotations

import json

from sqlalchemy import select

from sandbox import demo
from sandbox.runner import SandboxProcess
from sandbox.workspace import SAM, SPRING_LAUNCH, TOM
from storage.models import CampaignRisk, Incident


def test_the_demo_has_a_risk_register_whose_traffic_risk_comes_true(sandbox_process: SandboxProcess) -> None:
    process = sandbox_process
    demo.seed(process)
    with process.services.unit_of_work() as session:
        risks = session.scalars(select(CampaignRisk).order_by(CampaignRisk.id)).all()
        assert [(r.incident_kind, r.owner_id) for r in risks] == [("traffic", TOM.id), ("equipment", TOM.id),
                                                                  ("supply", SAM.id)]
        assert all(r.mitigation for r in risks)
        kinds = {incident.kind for incident in session.scalars(select(Incident))}
    assert "traffic" in kinds
    cards = [message for message in process.store.messages(SPRING_LAUNCH.id, viewer=None)
             if any(str(block.get("block_id", "")).startswith("incident-card-") for block in message.blocks or [])]
    assert cards
    shown = json.dumps([message.blocks for message in cards], ensure_ascii=False)
    assert "Prepared in the risk register" in shown and "top up Douyin spend" in shown and f"<@{TOM.id}>" in shown
