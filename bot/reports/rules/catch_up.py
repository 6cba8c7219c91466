"""What a reporter hears when their prompts fall due: normally the day's prompt, then its nudge; after downtime one
catch-up, worded as such, at a waking hour of their own (not a stale prompt and its nudge together at midnight)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.campaigns.rules.reminders import Stage

# Later than this after its moment, a prompt or nudge is a catch-up (passes run every minute).
ON_TIME = timedelta(minutes=30)
# Local hours in which a catch-up may go out; outside them it waits for the morning.
WAKING_FROM, WAKING_UNTIL = 8, 21
# A deferred catch-up goes at 08:30 local: never a stage's own moment (stages fall on the hour), so the wake-up
# tells itself apart from a prompt.
CATCH_UP_AT = time(WAKING_FROM, 30)


@dataclass(frozen=True)
class PromptPlan:
    say: Stage | None = None  # the one message to send now
    catch_up: bool = False  # `say` is a catch-up, worded as one
    key: str | None = None  # the outbox key `say` goes under (a morning catch-up has its own)
    skip: list[Stage] = field(default_factory=list)  # recorded as passed, never sent
    wake_at: datetime | None = None  # when the reporter is next due


def catch_up_key(stage: Stage) -> str:
    """A catch-up said in the morning after the day it is for: a key of its own, so it goes once."""
    return stage.key.rsplit(":", 1)[0] + ":catch-up"


def plan_prompts(stages: Sequence[Stage], *, woke_at: datetime, now: datetime, zone: ZoneInfo, grace: timedelta,
                 reported: Callable[[date], bool]) -> PromptPlan:
    """`stages`: the reporter's prompt and nudge stages in order; `woke_at`: when they fell due (next_prompt_at)."""
    due = [stage for stage in stages if woke_at <= stage.fire_at <= now]
    following = next((stage for stage in stages if stage.fire_at > now), None)
    wake_at = following.fire_at if following else None
    deferred = _deferred_stage(stages, woke_at, zone)
    if deferred is not None and not due:
        # The morning after a night-time catch-up: the day's last stage, said now as a catch-up.
        if reported(deferred.on or woke_at.date()) or now - woke_at > grace:
            return PromptPlan(wake_at=wake_at)
        return PromptPlan(say=deferred, catch_up=True, key=catch_up_key(deferred), wake_at=wake_at)
    if not due:
        return PromptPlan(wake_at=wake_at)
    # One message at most: the newest due stage; everything older was superseded by it.
    latest, older = due[-1], due[:-1]
    late = now - latest.fire_at > ON_TIME
    if not older and not late:
        if latest.kind == "report_nudge" and latest.on is not None and reported(latest.on):
            return PromptPlan(wake_at=wake_at)  # reported already: no nudge
        return PromptPlan(say=latest, key=latest.key, wake_at=wake_at)
    if now - latest.fire_at > grace or (latest.on is not None and reported(latest.on)):
        return PromptPlan(skip=due, wake_at=wake_at)
    local = now.astimezone(zone)
    if not WAKING_FROM <= local.hour < WAKING_UNTIL:
        morning = datetime.combine(local.date() + timedelta(days=local.hour >= WAKING_UNTIL), CATCH_UP_AT, zone)
        wake = min(morning, wake_at) if wake_at else morning
        return PromptPlan(skip=older, wake_at=wake) if wake == morning else PromptPlan(skip=due, wake_at=wake)
    return PromptPlan(say=latest, catch_up=True, key=latest.key, skip=older, wake_at=wake_at)


def _deferred_stage(stages: Sequence[Stage], woke_at: datetime, zone: ZoneInfo) -> Stage | None:
    """The stage whose catch-up was put off to `woke_at`, if `woke_at` is such a morning: the last one before it."""
    if woke_at.astimezone(zone).timetz().replace(tzinfo=None) != CATCH_UP_AT:
        return None
    if any(stage.fire_at == woke_at for stage in stages):
        return None
    before = [stage for stage in stages if stage.fire_at < woke_at]
    return before[-1] if before else None
