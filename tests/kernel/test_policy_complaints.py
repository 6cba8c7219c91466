"""Who may assign or resolve a complaint item (bot.kernel.policy.can_handle_complaint)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.kernel.policy import Actor, can_handle_complaint


@dataclass
class _Campaign:
    owner_id: str = "U_OWNER"


def test_the_owner_reporters_assignee_and_admins_may_handle_a_complaint() -> None:
    campaign, reporters = _Campaign(), {"U_REP"}
    assert can_handle_complaint(Actor("U_OWNER"), campaign, reporters)
    assert can_handle_complaint(Actor("U_REP"), campaign, reporters)
    assert can_handle_complaint(Actor("U_HELPER"), campaign, reporters, assignee_id="U_HELPER")
    assert can_handle_complaint(Actor("U_ADMIN", is_admin=True), campaign, reporters)
    assert not can_handle_complaint(Actor("U_STRANGER"), campaign, reporters)
    assert not can_handle_complaint(Actor("U_STRANGER"), campaign, reporters, assignee_id="U_HELPER")
    assert not can_handle_complaint(Actor("U_STRANGER"), campaign, set(), assignee_id=None)
