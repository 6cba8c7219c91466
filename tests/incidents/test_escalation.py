"""The escalation ladder as a pure state machine, and an auditor that checks every ladder ends."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from bot.incidents.rules.escalation import (
    MAX_STEPS,
    STILL_OPEN_MIN,
    IncidentStatus,
    LadderState,
    Step,
    StepKind,
    acknowledge,
    advance,
    manual_step,
    next_step,
    resolve,
    response_times,
)
from bot.plan.rules.emergency_plan import DEFAULT_TARGETS, EmergencyPlan, IncidentKind, ResponseTargets, Severity

T0 = datetime(2026, 5, 6, 6, 0, tzinfo=UTC)
MIN = timedelta(minutes=1)
EQUIPMENT = DEFAULT_TARGETS[IncidentKind.EQUIPMENT]  # 5 min / 30 min / 5 min


def fresh(severity: Severity = Severity.MINOR) -> LadderState:
    return LadderState(status=IncidentStatus.OPEN, step=0, severity=severity, created_at=T0, stepped_at=T0)


def do(state: LadderState, targets: ResponseTargets = EQUIPMENT) -> tuple[Step, LadderState]:
    step = next_step(state, targets)
    assert step is not None
    return step, advance(state, step, step.due_at)


def test_unacknowledged_ladder_owner_then_sponsor_then_one_last_reminder() -> None:
    state = fresh()
    step, state = do(state)
    assert (step.kind, step.due_at, step.step, step.raises_severity) == (StepKind.PAGE_OWNER, T0 + 5 * MIN, 1, False)
    assert (state.step, state.stepped_at, state.severity) == (1, T0 + 5 * MIN, Severity.MINOR)
    step, state = do(state)
    assert (step.kind, step.due_at, step.step, step.raises_severity) == (StepKind.PAGE_SPONSOR, T0 + 10 * MIN, 2, True)
    assert state.severity == Severity.MODERATE
    step, state = do(state)
    assert (step.kind, step.due_at, step.step) == (StepKind.LAST_REMINDER, T0 + 15 * MIN, 3)
    assert state.severity == Severity.MODERATE  # only the sponsor rung climbs a tier
    assert next_step(state, EQUIPMENT) is None


def test_a_late_pass_waits_a_full_interval_before_the_next_rung() -> None:
    step = next_step(fresh(), EQUIPMENT)
    assert step is not None
    late = advance(fresh(), step, T0 + 60 * MIN)  # the bot was down for an hour
    following = next_step(late, EQUIPMENT)
    assert following is not None and following.due_at == T0 + 65 * MIN


def test_acknowledging_stops_the_page_ladder_and_leaves_one_resolution_reminder() -> None:
    state = acknowledge(fresh(), T0 + 2 * MIN)
    step = next_step(state, EQUIPMENT)
    assert step is not None
    assert (step.kind, step.due_at, step.step) == (StepKind.REMIND_ACKNOWLEDGER, T0 + 30 * MIN, 0)
    reminded = advance(state, step, step.due_at)
    assert reminded.reminded_at == T0 + 30 * MIN and reminded.step == 0
    assert next_step(reminded, EQUIPMENT) is None


def test_a_late_acknowledgement_is_not_reminded_at_once() -> None:
    state = acknowledge(fresh(), T0 + 29 * MIN)
    step = next_step(state, EQUIPMENT)
    assert step is not None and step.due_at == T0 + 34 * MIN  # one interval after the acknowledgement


def test_resolved_has_no_next_step_and_counts_as_acknowledged() -> None:
    state = resolve(fresh(), T0 + 7 * MIN)
    assert state.status == IncidentStatus.RESOLVED and state.acknowledged_at == T0 + 7 * MIN
    assert next_step(state, EQUIPMENT) is None
    acknowledged_first = resolve(acknowledge(fresh(), T0 + MIN), T0 + 9 * MIN)
    assert acknowledged_first.acknowledged_at == T0 + MIN


def test_escalating_by_hand_takes_the_next_rung_now() -> None:
    now = T0 + MIN
    step = manual_step(fresh(), now)
    assert step is not None and (step.kind, step.due_at, step.step) == (StepKind.PAGE_OWNER, now, 1)
    state = advance(fresh(), step, now)
    following = next_step(state, EQUIPMENT)
    assert following is not None and following.kind == StepKind.PAGE_SPONSOR and following.due_at == now + 5 * MIN
    step = manual_step(state, now)
    assert step is not None and step.kind == StepKind.PAGE_SPONSOR and step.raises_severity
    state = advance(state, step, now)
    assert state.severity == Severity.MODERATE
    again = manual_step(state, now)  # nothing above the sponsor: the top is paged again, at the same rung
    assert again is not None and (again.kind, again.step, again.raises_severity) == (StepKind.LAST_REMINDER, 2, False)
    assert advance(state, again, now).severity == Severity.MODERATE
    assert manual_step(resolve(fresh(), now), now) is None


def test_escalating_an_acknowledged_incident_keeps_its_reminder() -> None:
    state = acknowledge(fresh(), T0 + MIN)
    step = manual_step(state, T0 + 2 * MIN)
    assert step is not None and step.kind == StepKind.PAGE_OWNER
    state = advance(state, step, T0 + 2 * MIN)
    following = next_step(state, EQUIPMENT)
    assert following is not None and following.kind == StepKind.REMIND_ACKNOWLEDGER


def test_a_severe_incident_stays_severe() -> None:
    state = fresh(Severity.SEVERE)
    for _ in range(2):
        _step, state = do(state)
    assert state.severity == Severity.SEVERE


def test_response_times_for_mtta_and_mttr() -> None:
    times = response_times(T0, T0 + 3 * MIN, T0 + 20 * MIN)
    assert (times.to_acknowledge, times.to_resolve) == (3 * MIN, 20 * MIN)
    assert response_times(T0, None, None).to_acknowledge is None


def test_a_severe_incident_past_its_ladder_keeps_reminding_until_resolved() -> None:
    state = fresh(Severity.SEVERE)
    kinds = []
    for _ in range(6):
        step, state = do(state)
        kinds.append(step.kind)
    assert kinds[:3] == [StepKind.PAGE_OWNER, StepKind.PAGE_SPONSOR, StepKind.LAST_REMINDER]
    assert kinds[3:] == [StepKind.STILL_OPEN] * 3
    following = next_step(state, EQUIPMENT)
    assert following is not None and following.due_at - (state.reminded_at or T0) >= STILL_OPEN_MIN
    assert next_step(resolve(state, following.due_at), EQUIPMENT) is None
    minor = fresh(Severity.MINOR)
    for _ in range(3):
        _step, minor = do(minor)
    assert next_step(minor, EQUIPMENT) is None  # the rest stay quiet after the last page


# --- the auditor: every ladder, whatever happens to it, ends --------------------------------------------------------

ACK_AFTER = [None, 0, 3, 7, 12, 20, 60 * 30]  # minutes after the report; None = never
MANUAL_AT = [(), (1,), (1, 2), (4, 6, 8)]  # minutes at which someone presses Escalate


@pytest.mark.parametrize("kind", list(IncidentKind))
@pytest.mark.parametrize("severity", list(Severity))
def test_every_ladder_finishes(kind: IncidentKind, severity: Severity) -> None:
    plans = [EmergencyPlan(), EmergencyPlan(targets={kind: ResponseTargets(MIN, MIN, MIN)})]
    for plan, ack_after, manual in itertools.product(plans, ACK_AFTER, MANUAL_AT):
        targets = plan.targets_for(kind)
        state, now, steps = fresh(severity), T0, 0
        pending_manual = [T0 + m * MIN for m in manual]
        ack_at = T0 + ack_after * MIN if ack_after is not None else None
        for _ in range(100):
            step = next_step(state, targets)
            if step is not None and step.kind == StepKind.STILL_OPEN:
                # Past the ladder: only a severe incident is brought up again, at least an hour apart.
                assert state.severity == Severity.SEVERE
                assert step.due_at - (state.reminded_at or state.stepped_at) >= STILL_OPEN_MIN
                step = None
            events = [at for at in (*pending_manual, ack_at) if at is not None and at >= now]
            if step is None and not events:
                break
            soonest = min([*events, *([step.due_at] if step else [])])
            if ack_at is not None and soonest == ack_at and state.status == IncidentStatus.OPEN:
                state, now, ack_at = acknowledge(state, ack_at), ack_at, None
                continue
            if pending_manual and soonest == pending_manual[0]:
                now = pending_manual.pop(0)
                manual_rung = manual_step(state, now)
                if manual_rung is not None:
                    # Paging the top again by hand is a person's doing, not a rung of the ladder.
                    steps += manual_rung.step != state.step
                    state = advance(state, manual_rung, now)
                continue
            if ack_at is not None and soonest == ack_at:
                ack_at = None
                continue
            assert step is not None
            assert step.due_at >= state.stepped_at, "a step is never due before the state it follows"
            now = step.due_at
            state = advance(state, step, now)
            steps += 1
        else:
            pytest.fail(f"{kind} {severity} ack={ack_after} manual={manual}: the ladder never ended")
        after = next_step(state, targets)
        assert after is None or (after.kind == StepKind.STILL_OPEN and state.severity == Severity.SEVERE)
        assert steps <= MAX_STEPS, f"{steps} steps for {kind} {severity} ack={ack_after} manual={manual}"
        assert state.severity.rank <= severity.raise_tier().rank  # at most one tier climbed


@pytest.mark.parametrize("kind", list(IncidentKind))
def test_rungs_are_never_closer_than_the_minimum_interval(kind: IncidentKind) -> None:
    targets = ResponseTargets(timedelta(0), timedelta(0), timedelta(0))  # a careless override
    state = fresh()
    times = [T0]
    while (step := next_step(state, targets)) is not None:
        times.append(step.due_at)
        state = advance(state, step, step.due_at)
    gaps = [later - earlier for earlier, later in itertools.pairwise(times)]
    assert gaps[0] >= MIN and all(gap >= timedelta(minutes=5) for gap in gaps[1:])
