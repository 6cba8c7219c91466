"""The escalation ladder of an incident, as a pure state machine (after Grafana OnCall's escalation snapshots).

An incident keeps its status, the rung it has reached (`step`), when it got there (`stepped_at`) and its
severity; the database keeps only the next step's time (`incident.next_step_at`). `next_step` says what comes
next and when; `advance` is the state after doing it.

While nobody acknowledges:
    step 0  the responder was told when the incident was reported
    step 1  `acknowledge_within` after the report: the campaign owner is paged (DM + channel note)
    step 2  one `escalate_interval` later: the executive sponsor is paged (the owner when the plan names
            none) and the severity rises a tier (README.md, "Using it": "Anomalies and the emergency plan")
    step 3  one more interval later: a last reminder to the sponsor and the owner; then the ladder stops.
            No endless paging: after that, people know, and the card's buttons stay where they are.
Once acknowledged, the page ladder stops at once; one reminder goes to whoever acknowledged when the
resolution target passes (counted from the report, but never sooner than one interval after the
acknowledgement). Once resolved, nothing more. "Escalate" by hand does the next page rung now.
A severe incident is the exception to "no endless paging": once its ladder has run out (the last page, or the
acknowledger's reminder), its campaign owner is reminded every `still_open_every` until it is resolved.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from bot.plan.rules.emergency_plan import ResponseTargets, Severity


class IncidentStatus(StrEnum):
    OPEN = "open"
    ACKNOWLEDGED = "acknowledged"
    RESOLVED = "resolved"


class StepKind(StrEnum):
    PAGE_OWNER = "owner_paged"
    PAGE_SPONSOR = "sponsor_paged"
    LAST_REMINDER = "last_reminder"
    REMIND_ACKNOWLEDGER = "reminded"
    STILL_OPEN = "still_open"  # a severe incident, its ladder run out, not resolved yet


NOTIFIED, OWNER_PAGED, SPONSOR_PAGED, LAST_REMINDER = 0, 1, 2, 3
_PAGE_RUNGS: dict[int, StepKind] = {
    OWNER_PAGED: StepKind.PAGE_OWNER,
    SPONSOR_PAGED: StepKind.PAGE_SPONSOR,
    LAST_REMINDER: StepKind.LAST_REMINDER,
}
MANUAL_TOP = SPONSOR_PAGED  # escalating by hand goes up to the sponsor; past it, it pages the top again
MAX_STEPS = len(_PAGE_RUNGS) + 1  # every ladder ends after at most this many steps (the auditor checks it)
STILL_OPEN_MIN, STILL_OPEN_MAX = timedelta(hours=1), timedelta(hours=8)


def still_open_every(targets: ResponseTargets) -> timedelta:
    """How often a severe incident left unresolved is brought up again: its resolution target, within an hour
    and a working day (never a page a minute, never silence until tomorrow)."""
    return min(max(targets.resolve_within, STILL_OPEN_MIN), STILL_OPEN_MAX)


@dataclass(frozen=True)
class LadderState:
    status: IncidentStatus
    step: int
    severity: Severity
    created_at: datetime
    stepped_at: datetime  # when `step` was reached (the report, for step 0)
    acknowledged_at: datetime | None = None
    reminded_at: datetime | None = None


@dataclass(frozen=True)
class Step:
    kind: StepKind
    due_at: datetime
    step: int  # the rung reached by doing it; REMIND_ACKNOWLEDGER leaves the rung as it is
    raises_severity: bool = False


def next_step(state: LadderState, targets: ResponseTargets, *, deviation: bool = False) -> Step | None:
    """What happens next to this incident, and when; None when its ladder is over. A deviation (traffic behind plan)
    has no ladder: its owner is told in the morning and works on it in working hours."""
    targets = targets.checked()
    if state.status == IncidentStatus.RESOLVED or deviation:
        return None
    if state.status == IncidentStatus.ACKNOWLEDGED:
        if state.reminded_at is not None:
            return _still_open(state, targets, state.reminded_at)
        acknowledged = state.acknowledged_at or state.stepped_at
        due = max(state.created_at + targets.resolve_within, acknowledged + targets.escalate_interval)
        return Step(StepKind.REMIND_ACKNOWLEDGER, due, state.step)
    rung = state.step + 1
    kind = _PAGE_RUNGS.get(rung)
    if kind is None:
        return _still_open(state, targets, max(state.reminded_at or state.stepped_at, state.stepped_at))
    wait = targets.acknowledge_within if state.step == NOTIFIED else targets.escalate_interval
    return Step(kind, state.stepped_at + wait, rung, raises_severity=kind == StepKind.PAGE_SPONSOR)


def _still_open(state: LadderState, targets: ResponseTargets, last: datetime) -> Step | None:
    """After the ladder: a severe incident is brought up again every interval; any other is left to its people."""
    if state.severity != Severity.SEVERE:
        return None
    return Step(StepKind.STILL_OPEN, last + still_open_every(targets), state.step)


def manual_step(state: LadderState, now: datetime) -> Step | None:
    """The rung "Escalate" does now; None when the incident is resolved. Once it is with the sponsor there is no
    higher rung: Escalate pages the top again now (the last page's people), at the rung it is on."""
    if state.status == IncidentStatus.RESOLVED:
        return None
    if state.step >= MANUAL_TOP:
        return Step(StepKind.LAST_REMINDER, now, state.step)
    rung = state.step + 1
    kind = _PAGE_RUNGS[rung]
    return Step(kind, now, rung, raises_severity=kind == StepKind.PAGE_SPONSOR)


def advance(state: LadderState, step: Step, now: datetime) -> LadderState:
    """The state once `step` is done at `now`."""
    if step.kind in (StepKind.REMIND_ACKNOWLEDGER, StepKind.STILL_OPEN):
        return replace(state, reminded_at=now)
    severity = state.severity.raise_tier() if step.raises_severity else state.severity
    return replace(state, step=step.step, stepped_at=now, severity=severity)


def acknowledge(state: LadderState, now: datetime) -> LadderState:
    return replace(state, status=IncidentStatus.ACKNOWLEDGED, acknowledged_at=now)


def resolve(state: LadderState, now: datetime) -> LadderState:
    return replace(state, status=IncidentStatus.RESOLVED, acknowledged_at=state.acknowledged_at or now)


@dataclass(frozen=True)
class ResponseTimes:
    """For MTTA / MTTR: time to acknowledge and to resolve, from the report; None while not yet done."""

    to_acknowledge: timedelta | None
    to_resolve: timedelta | None


def response_times(created_at: datetime, acknowledged_at: datetime | None,
                   resolved_at: datetime | None) -> ResponseTimes:
    return ResponseTimes(
        to_acknowledge=acknowledged_at - created_at if acknowledged_at else None,
        to_resolve=resolved_at - created_at if resolved_at else None,
    )
