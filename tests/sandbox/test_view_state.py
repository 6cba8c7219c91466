"""What a view kept after a push shows again: each picker's value in its own initial field."""

from __future__ import annotations

import pytest

from sandbox.view_state import with_initial


@pytest.mark.parametrize(("kind", "raw", "field", "shown"), [
    ("users_select", "U1", "initial_user", "U1"),
    ("multi_users_select", ["U1", "U2"], "initial_users", ["U1", "U2"]),
    ("conversations_select", "C1", "initial_conversation", "C1"),
    ("multi_conversations_select", ["C1"], "initial_conversations", ["C1"]),
    ("channels_select", "C2", "initial_channel", "C2"),
    ("multi_channels_select", ["C2", "C3"], "initial_channels", ["C2", "C3"]),
])
def test_a_kept_pick_is_shown_in_its_initial_field(kind: str, raw: object, field: str, shown: object) -> None:
    element = {"type": kind, "action_id": "a"}
    assert with_initial(element, raw)[field] == shown  # type: ignore[arg-type]


def test_an_empty_pick_leaves_the_element_as_it_was() -> None:
    element = {"type": "users_select", "action_id": "a"}
    assert with_initial(element, None) is element
