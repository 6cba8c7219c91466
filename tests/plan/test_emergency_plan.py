"""The emergency plan: default targets per kind, severity tiers, per-campaign overrides, who may do what."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

import pytest

from bot.kernel import formatting
from bot.kernel.i18n import catalogue
from bot.kernel.policy import Actor, can_handle_incident, can_report_incident, can_set_emergency_plan
from bot.plan.rules.emergency_plan import (
    DEFAULT_TARGETS,
    MIN_INTERVAL,
    EmergencyPlan,
    IncidentKind,
    ResponseTargets,
    Severity,
)

ENGLISH = catalogue("en")
MINUTE = timedelta(minutes=1)


def test_domain_targets_are_the_defaults() -> None:
    equipment = DEFAULT_TARGETS[IncidentKind.EQUIPMENT]
    assert equipment.acknowledge_within == 5 * MINUTE  # switch to backup within 5 minutes
    crisis = DEFAULT_TARGETS[IncidentKind.PUBLIC_OPINION]
    assert (crisis.acknowledge_within, crisis.resolve_within) == (60 * MINUTE, 180 * MINUTE)  # statement 1 h, plan 3 h
    assert DEFAULT_TARGETS[IncidentKind.SAFETY].acknowledge_within == 5 * MINUTE  # immediate
    assert DEFAULT_TARGETS[IncidentKind.TRAFFIC].resolve_within <= timedelta(hours=8)  # the same day


@pytest.mark.parametrize("kind", list(IncidentKind))
def test_every_kind_has_sane_targets_and_words(kind: IncidentKind) -> None:
    targets = EmergencyPlan().targets_for(kind)
    assert targets == DEFAULT_TARGETS[kind]  # the defaults need no clamping
    assert targets.acknowledge_within <= targets.resolve_within
    assert targets.escalate_interval >= MIN_INTERVAL
    assert f"incidents.kind.{kind.value}" in ENGLISH
    assert len(ENGLISH[f"incidents.kind.{kind.value}"]) <= 75  # a select option's text


@pytest.mark.parametrize("severity", list(Severity))
def test_every_severity_has_words(severity: Severity) -> None:
    assert f"incidents.severity.{severity.value}" in ENGLISH
    assert len(ENGLISH[f"incidents.severity.option.{severity.value}"]) <= 75


@pytest.mark.parametrize("key", ["incidents.card.rung.1", "incidents.card.rung.2", "incidents.card.rung.3",
                                 "incidents.status.open", "incidents.status.acknowledged", "incidents.status.resolved"])
def test_dynamically_built_keys_exist(key: str) -> None:
    assert key in ENGLISH


def test_severity_tiers_climb_and_stop_at_severe() -> None:
    assert Severity.MINOR.raise_tier() == Severity.MODERATE
    assert Severity.MODERATE.raise_tier() == Severity.SEVERE
    assert Severity.SEVERE.raise_tier() == Severity.SEVERE
    assert [s.rank for s in Severity] == [0, 1, 2]
    assert Severity.higher(Severity.MINOR, Severity.SEVERE) == Severity.SEVERE
    assert Severity.higher(Severity.MODERATE, Severity.MINOR) == Severity.MODERATE


def test_default_plan_sends_everything_to_the_owner_and_stores_nothing() -> None:
    plan = EmergencyPlan()
    assert plan.responder_for(IncidentKind.WEATHER, "U_OWNER") == "U_OWNER"
    assert plan.sponsor_id is None
    assert plan.dump() is None
    assert EmergencyPlan.load(None) == EmergencyPlan.load("") == plan


def test_overrides_round_trip() -> None:
    plan = EmergencyPlan(
        responders={IncidentKind.EQUIPMENT: "U_TECH", IncidentKind.PUBLIC_OPINION: "U_PR"}, sponsor_id="U_BOSS",
        targets={IncidentKind.SUPPLY: ResponseTargets(30 * MINUTE, 4 * 60 * MINUTE, 15 * MINUTE),
                 IncidentKind.WEATHER: DEFAULT_TARGETS[IncidentKind.WEATHER]},  # same as the default: not stored
    )
    text = plan.dump()
    assert text is not None
    assert json.loads(text) == {
        "responders": {"equipment": "U_TECH", "public_opinion": "U_PR"}, "sponsor": "U_BOSS",
        "targets": {"supply": {"acknowledge_minutes": 30, "resolve_minutes": 240, "escalate_minutes": 15}},
    }
    loaded = EmergencyPlan.load(text)
    assert loaded.responders == plan.responders and loaded.sponsor_id == "U_BOSS"
    assert loaded.targets_for(IncidentKind.SUPPLY) == ResponseTargets(30 * MINUTE, 240 * MINUTE, 15 * MINUTE)
    assert loaded.targets_for(IncidentKind.WEATHER) == DEFAULT_TARGETS[IncidentKind.WEATHER]
    assert loaded.responder_for(IncidentKind.EQUIPMENT, "U_OWNER") == "U_TECH"
    assert loaded.responder_for(IncidentKind.SAFETY, "U_OWNER") == "U_OWNER"


def test_a_partial_target_override_keeps_the_other_defaults() -> None:
    plan = EmergencyPlan.load('{"targets": {"equipment": {"resolve_minutes": 45}}}')
    assert plan.targets_for(IncidentKind.EQUIPMENT) == ResponseTargets(5 * MINUTE, 45 * MINUTE, 5 * MINUTE)


@pytest.mark.parametrize("text", [
    "not json", "[]", "42", "null", '{"responders": ["U1"]}', '{"responders": {"volcano": "U1", "weather": 7}}',
    '{"sponsor": 12}', '{"targets": {"equipment": {"acknowledge_minutes": -5, "resolve_minutes": true}}}',
    '{"targets": {"equipment": "fast"}}',
])
def test_malformed_plans_fall_back_to_the_defaults(text: str) -> None:
    plan = EmergencyPlan.load(text)
    assert plan.responders == {} and plan.sponsor_id is None
    assert all(plan.targets_for(kind) == DEFAULT_TARGETS[kind] for kind in IncidentKind)


def test_targets_are_clamped_so_no_ladder_pages_every_minute() -> None:
    wild = ResponseTargets(timedelta(0), timedelta(seconds=1), timedelta(seconds=10)).checked()
    assert wild.acknowledge_within == MINUTE
    assert wild.resolve_within == MINUTE  # never before the acknowledgement target
    assert wild.escalate_interval == MIN_INTERVAL
    huge = ResponseTargets(timedelta(days=30), timedelta(days=60), timedelta(days=90)).checked()
    assert huge == ResponseTargets(timedelta(days=7), timedelta(days=7), timedelta(days=7))


def test_with_people_replaces_responders_and_sponsor_and_keeps_targets() -> None:
    custom = {IncidentKind.SUPPLY: ResponseTargets(30 * MINUTE, 60 * MINUTE, 10 * MINUTE)}
    plan = EmergencyPlan(responders={IncidentKind.EQUIPMENT: "U_OLD"}, sponsor_id="U_BOSS", targets=custom)
    changed = plan.with_people({IncidentKind.EQUIPMENT: None, IncidentKind.SAFETY: "U_MEDIC"}, None)
    assert changed.responders == {IncidentKind.SAFETY: "U_MEDIC"}
    assert changed.sponsor_id is None and changed.targets == custom


@pytest.mark.parametrize(("value", "shown"), [
    (timedelta(seconds=40), "40 sec"), (5 * MINUTE, "5 min"), (60 * MINUTE, "1 hr"), (90 * MINUTE, "1 hr 30 min"),
    (1440 * MINUTE, "1 day"),
])
def test_targets_read_in_the_one_duration_style(value: timedelta, shown: str) -> None:
    """Incident targets and elapsed times read as the review's MTTA and MTTR do (bot.kernel.formatting.duration)."""
    assert formatting.duration(value, "en") == shown


# --- policy -------------------------------------------------------------------------------------------------------

@dataclass
class Owned:
    owner_id: str = "U_OWNER"


def test_anyone_may_report() -> None:
    assert can_report_incident(Actor("U_STRANGER"), Owned())


@pytest.mark.parametrize(("user", "admin", "allowed"), [
    ("U_RESP", False, True), ("U_OWNER", False, True), ("U_BOSS", False, True), ("U_ADMIN", True, True),
    ("U_STRANGER", False, False),
])
def test_who_may_handle_an_incident(user: str, admin: bool, allowed: bool) -> None:
    assert can_handle_incident(Actor(user, is_admin=admin), Owned(), responder_id="U_RESP",
                               sponsor_id="U_BOSS") is allowed


def test_without_a_sponsor_nobody_handles_as_sponsor() -> None:
    assert not can_handle_incident(Actor("U_X"), Owned(), responder_id="U_RESP", sponsor_id=None)


def test_only_owner_or_admin_set_the_plan() -> None:
    assert can_set_emergency_plan(Actor("U_OWNER", is_admin=lambda: pytest.fail("not asked")), Owned())
    assert can_set_emergency_plan(Actor("U_ADMIN", is_admin=True), Owned())
    assert not can_set_emergency_plan(Actor("U_RESP"), Owned())
