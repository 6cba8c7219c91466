"""The campaign card (announcement and `/campaign status`): its milestones section with Add milestone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from bot.card.blocks.card import campaign_card
from bot.kernel.ids import Action
from tests.tasks.test_task_blocks import FakeMilestone, dicts


@dataclass
class CardCampaign:
    id: int = 4
    name: str = "Spring Sale"
    theme: str = ""
    objective: str = "sales"
    status: str = "approved"
    start_date: date = date(2026, 5, 1)
    end_date: date = date(2026, 5, 31)
    warmup_start: date | None = None
    burst_start: date | None = None
    longtail_start: date | None = None
    owner_id: str = "U_OWNER"
    channel_id: str = "C1"
    budget: Decimal = Decimal("1000")
    contingency_pct: int = 10
    timezone: str = "Asia/Shanghai"
    created_by: str = "U_OWNER"
    approved_by: str | None = None
    approved_at: datetime | None = None


def _milestone_block(**kwargs: Any) -> dict[str, Any]:
    blocks = dicts(campaign_card(CardCampaign(), {}, "en", **kwargs))
    return next(block for block in blocks if block.get("block_id") == "campaign-milestones-4")


def test_card_has_an_add_milestone_button() -> None:
    block = _milestone_block()
    assert block["accessory"]["action_id"] == Action.ADD_MILESTONE and block["accessory"]["value"] == "4"
    assert "Milestones" in block["text"]["text"]
    assert "None yet" in _milestone_block(milestones=[])["text"]["text"]


def test_card_lists_upcoming_milestones() -> None:
    milestones = [FakeMilestone(f"M<{i}>", date(2026, 5, i)) for i in range(1, 8)]
    text = _milestone_block(milestones=milestones)["text"]["text"]
    assert "• M&lt;1&gt; — May 1, 2026" in text
    assert "M&lt;6&gt;" not in text and "…and 2 more" in text
