"""The emergency plan (应急预案): kinds of problem, severity tiers, response targets, and who answers.

Pure values and functions: no Slack, no database. A campaign stores only what it changes from the defaults
(`EmergencyPlan.dump()` in `campaign.emergency_plan`), like `ReminderSettings`.

The default response targets, in one place (README.md, "Using it": "Anomalies and the emergency plan"; the
handbooks are the first column's sources, and where they say "same day" or "emergency restock" without a
number, the number below is ours):

| kind           | acknowledge within           | resolve within (from the report)  | next rung after |
|----------------|------------------------------|-----------------------------------|-----------------|
| equipment      | 5 min (switch to backup)     | 30 min                            | 5 min           |
| public_opinion | 1 h (first statement)        | 3 h (detailed solution)           | 1 h             |
| traffic        | 4 h ("analysis same day")    | 8 h ("adjustment same day")       | 2 h             |
| supply         | 2 h                          | 24 h (restock / backup supplier)  | 2 h             |
| weather        | 1 h                          | 4 h (backup venue or new time)    | 1 h             |
| safety         | 5 min ("immediate")          | 1 h                               | 5 min           |

"Next rung after" is the escalation interval: how long after the owner is paged the sponsor is paged, and
so on (see `bot.escalation`). It is never below `MIN_INTERVAL`, so a ladder cannot page every minute.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum
from typing import Any

BOT_REPORTER = "campaignbot"  # the reporter of incidents the bot opens itself (e.g. from the daily report)
MIN_ACKNOWLEDGE = timedelta(minutes=1)  # the scheduler looks once a minute
MIN_INTERVAL = timedelta(minutes=5)
MAX_TARGET = timedelta(days=7)


class IncidentKind(StrEnum):
    EQUIPMENT = "equipment"  # 设备故障 / 技术故障
    PUBLIC_OPINION = "public_opinion"  # 舆情危机
    TRAFFIC = "traffic"  # 流量不及预期
    SUPPLY = "supply"  # 物料短缺 / 供应链中断
    WEATHER = "weather"  # 天气突变
    SAFETY = "safety"  # 人员突发状况 / 安全疏散


# The kinds whose pages may wake someone (001 §06: equipment, public opinion, safety): minutes count. Every other kind
# — traffic behind plan above all — is worked on in working hours; its messages wait out a person's night.
URGENT_KINDS = frozenset({IncidentKind.EQUIPMENT, IncidentKind.PUBLIC_OPINION, IncidentKind.SAFETY})


def is_urgent(kind: str) -> bool:
    return kind in URGENT_KINDS


def is_deviation(kind: str) -> bool:
    """Traffic or participation behind plan is a deviation (偏差), not an emergency: its owner analyses it and adjusts
    in working hours (003 阶段四: 偏差 → 分析原因 → 调整方案). It climbs no ladder and pages no sponsor."""
    return kind == IncidentKind.TRAFFIC


class Severity(StrEnum):
    """Crisis tiers: minor 轻度 → internal notice; moderate 中度 → the owner makes a public / PR statement;
    severe 重度 → executives step in (高层介入)."""

    MINOR = "minor"
    MODERATE = "moderate"
    SEVERE = "severe"

    @property
    def rank(self) -> int:
        return _SEVERITY_ORDER.index(self)

    def raise_tier(self) -> Severity:
        """One tier up; severe stays severe."""
        return _SEVERITY_ORDER[min(self.rank + 1, len(_SEVERITY_ORDER) - 1)]

    @classmethod
    def higher(cls, first: Severity, second: Severity) -> Severity:
        return first if first.rank >= second.rank else second


_SEVERITY_ORDER: tuple[Severity, ...] = (Severity.MINOR, Severity.MODERATE, Severity.SEVERE)


@dataclass(frozen=True)
class ResponseTargets:
    acknowledge_within: timedelta  # someone takes it on
    resolve_within: timedelta  # counted from the report
    escalate_interval: timedelta  # between rungs of the ladder after the owner is paged

    def checked(self) -> ResponseTargets:
        """Within sane bounds: the ladder must neither page every minute nor wait for ever."""
        acknowledge = _clamp(self.acknowledge_within, MIN_ACKNOWLEDGE, MAX_TARGET)
        return ResponseTargets(
            acknowledge_within=acknowledge,
            resolve_within=_clamp(self.resolve_within, acknowledge, MAX_TARGET),
            escalate_interval=_clamp(self.escalate_interval, MIN_INTERVAL, MAX_TARGET),
        )


def _clamp(value: timedelta, low: timedelta, high: timedelta) -> timedelta:
    return max(low, min(value, high))


def _targets(acknowledge: int, resolve: int, interval: int) -> ResponseTargets:
    return ResponseTargets(timedelta(minutes=acknowledge), timedelta(minutes=resolve), timedelta(minutes=interval))


DEFAULT_TARGETS: Mapping[IncidentKind, ResponseTargets] = {
    IncidentKind.EQUIPMENT: _targets(5, 30, 5),
    IncidentKind.PUBLIC_OPINION: _targets(60, 180, 60),
    IncidentKind.TRAFFIC: _targets(240, 480, 120),
    IncidentKind.SUPPLY: _targets(120, 1440, 120),
    IncidentKind.WEATHER: _targets(60, 240, 60),
    IncidentKind.SAFETY: _targets(5, 60, 5),
}


@dataclass(frozen=True)
class EmergencyPlan:
    """A campaign's plan: a responder per kind (unset → the campaign owner), the executive sponsor, and any
    response targets that differ from `DEFAULT_TARGETS`."""

    responders: Mapping[IncidentKind, str] = field(default_factory=dict)
    sponsor_id: str | None = None
    targets: Mapping[IncidentKind, ResponseTargets] = field(default_factory=dict)

    def targets_for(self, kind: IncidentKind) -> ResponseTargets:
        return self.targets.get(kind, DEFAULT_TARGETS[kind]).checked()

    def responder_for(self, kind: IncidentKind, owner_id: str) -> str:
        return self.responders.get(kind) or owner_id

    def with_people(self, responders: Mapping[IncidentKind, str | None], sponsor_id: str | None) -> EmergencyPlan:
        """The same targets with these people; a kind without a responder falls back to the owner."""
        return replace(self, responders={kind: user for kind, user in responders.items() if user},
                       sponsor_id=sponsor_id or None)

    def dump(self) -> str | None:
        """JSON of what differs from the defaults; None when nothing does."""
        data: dict[str, Any] = {}
        if self.responders:
            data["responders"] = {kind.value: user for kind, user in sorted(self.responders.items())}
        if self.sponsor_id:
            data["sponsor"] = self.sponsor_id
        targets = {kind.value: _targets_json(value) for kind, value in sorted(self.targets.items())
                   if value != DEFAULT_TARGETS[kind]}
        if targets:
            data["targets"] = targets
        return json.dumps(data, ensure_ascii=False, sort_keys=True) if data else None

    def snapshot(self) -> str:
        """JSON of the whole plan, default targets included, for an incident to keep from the moment it opens: its
        ladder then follows the plan it was opened under, whatever is edited later, and so would a change of
        `DEFAULT_TARGETS` in a new release (Grafana OnCall snapshots escalation chains the same way)."""
        data: dict[str, Any] = {"targets": {kind.value: _targets_json(self.targets_for(kind)) for kind in IncidentKind}}
        if self.responders:
            data["responders"] = {kind.value: user for kind, user in sorted(self.responders.items())}
        if self.sponsor_id:
            data["sponsor"] = self.sponsor_id
        return json.dumps(data, ensure_ascii=False, sort_keys=True)

    @classmethod
    def load(cls, text: str | None) -> EmergencyPlan:
        """Tolerant: unknown kinds and malformed values are ignored, so a bad edit never stops the ladder."""
        if not text:
            return cls()
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return cls()
        if not isinstance(data, dict):
            return cls()
        responders = {
            IncidentKind(kind): user for kind, user in _dict(data.get("responders")).items()
            if kind in _KINDS and isinstance(user, str) and user
        }
        sponsor = data.get("sponsor")
        targets: dict[IncidentKind, ResponseTargets] = {}
        for kind, value in _dict(data.get("targets")).items():
            if kind in _KINDS:
                loaded = _targets_from_json(value, DEFAULT_TARGETS[IncidentKind(kind)])
                if loaded is not None:
                    targets[IncidentKind(kind)] = loaded
        return cls(responders=responders, sponsor_id=sponsor if isinstance(sponsor, str) and sponsor else None,
                   targets=targets)


_KINDS = frozenset(kind.value for kind in IncidentKind)
_TARGET_KEYS = (("acknowledge_minutes", "acknowledge_within"), ("resolve_minutes", "resolve_within"),
                ("escalate_minutes", "escalate_interval"))


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _targets_json(targets: ResponseTargets) -> dict[str, int]:
    return {key: int(getattr(targets, attribute).total_seconds() // 60) for key, attribute in _TARGET_KEYS}


def _targets_from_json(value: object, default: ResponseTargets) -> ResponseTargets | None:
    if not isinstance(value, dict):
        return None
    changes: dict[str, timedelta] = {}
    for key, attribute in _TARGET_KEYS:
        minutes = value.get(key)
        if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes > 0:
            changes[attribute] = timedelta(minutes=minutes)
    return replace(default, **changes) if changes else None
