"""EmergencyPlan.snapshot(): the whole plan, default targets included, so an incident's ladder does not move when
the plan or the defaults change later."""

from __future__ import annotations

import json
from datetime import timedelta

from bot.plan.rules.emergency_plan import DEFAULT_TARGETS, EmergencyPlan, IncidentKind, ResponseTargets


def test_a_snapshot_loads_back_as_the_same_plan() -> None:
    custom = ResponseTargets(timedelta(minutes=30), timedelta(hours=2), timedelta(minutes=15))
    plan = EmergencyPlan(responders={IncidentKind.SAFETY: "U_SAFE"}, sponsor_id="U_BOSS",
                         targets={IncidentKind.WEATHER: custom})
    loaded = EmergencyPlan.load(plan.snapshot())
    assert loaded.responders == plan.responders and loaded.sponsor_id == "U_BOSS"
    assert all(loaded.targets_for(kind) == plan.targets_for(kind) for kind in IncidentKind)


def test_a_snapshot_of_the_default_plan_writes_every_default_target_down() -> None:
    data = json.loads(EmergencyPlan().snapshot())
    assert set(data) == {"targets"}
    assert data["targets"]["equipment"] == {"acknowledge_minutes": 5, "resolve_minutes": 30, "escalate_minutes": 5}
    assert len(data["targets"]) == len(DEFAULT_TARGETS)
