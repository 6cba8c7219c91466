"""The demo campaign's sources carry a plan: shares and budgets, and the 21:00 summary shows "By source"."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from sandbox import demo
from sandbox.runner import SandboxProcess
from sandbox.workspace import SPRING_LAUNCH, WANG
from storage.models import ReportSource


def test_the_demo_sources_have_shares_and_budgets_and_the_summary_shows_them(sandbox_process: SandboxProcess) -> None:
    process = sandbox_process
    demo.seed(process)
    with process.services.unit_of_work() as session:
        rows = session.scalars(select(ReportSource).order_by(ReportSource.position)).all()
        assert [(row.name, row.share_pct, row.budget) for row in rows] == [
            ("微信 WeChat", Decimal("40.00"), Decimal("150000.00")),
            ("抖音 Douyin", Decimal("35.00"), Decimal("150000.00")),
            ("天猫 Tmall", Decimal("25.00"), Decimal("100000.00")),
        ]
    before = len(process.store.messages(SPRING_LAUNCH.id, viewer=WANG.id))
    for _ in range(5):
        process.advance(timedelta(hours=1))
    new = process.store.messages(SPRING_LAUNCH.id, viewer=WANG.id)[before:]
    [summary] = [m for m in new if m.text.startswith("Daily report")]
    blocks = json.dumps(summary.blocks, ensure_ascii=False)
    assert "*By source*" in blocks and "抖音 Douyin* (35% of the targets)" in blocks
    assert "of ¥150,000" in blocks
