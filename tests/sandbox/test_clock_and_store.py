"""The demo clock and the workspace store: a restart keeps both."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from sandbox.clock import SandboxClock
from sandbox.records import Channel
from sandbox.store import SandboxStore
from sandbox.workspace import CHANNELS, PEOPLE, SANDBOX_WORKSPACE, ensure_workspace

START = datetime(2026, 5, 12, 8, 0, tzinfo=UTC)


class FakeMonotonic:
    def __init__(self) -> None:
        self.value = 100.0

    def __call__(self) -> float:
        return self.value


def test_the_clock_runs_jumps_and_resumes_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.db"
    ticks = FakeMonotonic()
    clock = SandboxClock(SandboxStore(path), start=START, monotonic=ticks)
    ticks.value += 90
    assert clock.now() == START + timedelta(seconds=90)
    clock.set(START + timedelta(days=1))
    ticks.value += 30
    clock.save()
    again = SandboxClock(SandboxStore(path), start=datetime(2030, 1, 1, tzinfo=UTC), monotonic=FakeMonotonic())
    assert again.now() == START + timedelta(days=1, seconds=30)  # resumed, not reset to `start` or the wall clock
    with pytest.raises(ValueError):
        again.set(datetime(2026, 5, 12))


def test_the_conversation_survives_reopening_the_file(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.db"
    store = SandboxStore(path)
    ensure_workspace(store)
    store.add_message(channel="C02SPRING", ts="1.000001", user="U01MAYA", bot=False, text="hello", posted_at=START)
    record = store.open_modal("U01MAYA", {"type": "modal", "blocks": []}, replace=True)
    store.close()
    reopened = SandboxStore(path)
    assert [m.text for m in reopened.messages("C02SPRING", viewer="U01MAYA")] == ["hello"]
    assert [v.id for v in reopened.modal_stack("U01MAYA")] == [record.id]


def test_the_workspace_has_the_people_a_newcomer_meets() -> None:
    store = SandboxStore(":memory:")
    ensure_workspace(store)
    ensure_workspace(store)  # twice changes nothing
    people = [u for u in store.users() if not u.get("is_bot")]
    assert len(people) == len(PEOPLE) >= 3
    assert any(u["locale"].startswith("zh") and any("\u4e00" <= ch <= "\u9fff" for ch in u["profile"]["display_name"])
               for u in people)
    assert any(u["tz"] == "America/New_York" for u in people)
    assert [c.name for c in store.channels()] == [c.name for c in CHANNELS]
    assert all(store.is_member(c.id, SANDBOX_WORKSPACE.bot_user_id) for c in CHANNELS)


def test_unread_counts_are_per_person_and_reset_on_reading() -> None:
    store = SandboxStore(":memory:")
    store.put_channel(Channel(id="C1", name="a"), ["U1", "U2"])
    store.add_message(channel="C1", ts="1.1", user="U2", bot=False, text="one", posted_at=START)
    store.add_message(channel="C1", ts="1.2", user="UBOT", bot=True, text="only U1", posted_at=START, visible_to="U1")
    assert store.unread("U1") == {"C1": 2}
    assert store.unread("U2") == {}  # their own message, and not theirs to see
    store.mark_read("U1", "C1")
    assert store.unread("U1") == {}


def test_a_store_from_a_newer_sandbox_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.db"
    SandboxStore(path).set_meta("schema_version", "999")
    with pytest.raises(RuntimeError, match="newer"):
        SandboxStore(path)
