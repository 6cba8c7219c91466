"""Who sets a campaign's KPI targets: its owner or a workspace admin (sign-off adds the approvers)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.kernel.policy import Actor, may_edit_targets


@dataclass
class Owned:
    owner_id: str


def test_the_owner_and_admins_set_targets_nobody_else() -> None:
    campaign = Owned("U_OWNER")
    assert may_edit_targets(Actor("U_OWNER"), campaign)
    assert may_edit_targets(Actor("U_ADMIN", is_admin=True), campaign)
    assert not may_edit_targets(Actor("U_OTHER", is_admin=lambda: False), campaign)
