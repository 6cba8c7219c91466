"""The risk register (风险预案表): what could go wrong, how likely, how bad, what is prepared, who owns it, and
which kind of incident (bot.plan.rules.emergency_plan) means it has happened. Pure values and functions.

A risk is worth writing down only with its mitigation: a register of worries without a prepared answer is what
the handbooks warn against, so a risk without one (or without a title) is refused on its field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from bot.kernel.forms import FieldError
from bot.kernel.ids import Field
from bot.plan.rules.emergency_plan import IncidentKind

TITLE_MAX = 200
MITIGATION_MAX = 1000
TRIGGER_MAX = 300
REGISTER_MAX = 20  # risks a campaign keeps: the modal lists each one, and a modal holds 100 blocks


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


@dataclass(frozen=True)
class RiskDraft:
    """A risk as typed, checked."""

    title: str
    likelihood: Level
    impact: Level
    mitigation: str
    owner_id: str | None
    trigger: str
    incident_kind: IncidentKind | None


@dataclass(frozen=True)
class RiskItem:
    """A stored risk, as the register, the incident card and the review show it."""

    id: int
    title: str
    likelihood: str
    impact: str
    mitigation: str
    owner_id: str | None
    trigger: str
    incident_kind: str | None


@dataclass(frozen=True)
class RiskOutcome:
    """Whether a risk came true: an incident of its kind was reported during the campaign (`incidents` of them)."""

    title: str
    incident_kind: str | None
    incidents: int

    @property
    def came_true(self) -> bool:
        return self.incidents > 0


def _level(text: str | None, default: Level) -> Level:
    return Level(text) if text in {level.value for level in Level} else default


def check_risk(texts: Mapping[str, str | None]) -> tuple[RiskDraft | None, list[FieldError]]:
    """The modal's values by field id (bot.kernel.ids.Field.RISK_*): a draft, or the errors on their fields."""
    title = " ".join((texts.get(Field.RISK_TITLE) or "").split())
    mitigation = (texts.get(Field.RISK_MITIGATION) or "").strip()
    trigger = (texts.get(Field.RISK_TRIGGER) or "").strip()
    errors: list[FieldError] = []
    if not title:
        errors.append(FieldError(Field.RISK_TITLE, "plan.risks.error.title"))
    elif len(title) > TITLE_MAX:
        errors.append(FieldError(Field.RISK_TITLE, "plan.risks.error.too_long", {"max": TITLE_MAX}))
    if not mitigation:
        errors.append(FieldError(Field.RISK_MITIGATION, "plan.risks.error.mitigation"))
    elif len(mitigation) > MITIGATION_MAX:
        errors.append(FieldError(Field.RISK_MITIGATION, "plan.risks.error.too_long", {"max": MITIGATION_MAX}))
    if len(trigger) > TRIGGER_MAX:
        errors.append(FieldError(Field.RISK_TRIGGER, "plan.risks.error.too_long", {"max": TRIGGER_MAX}))
    kind_text = texts.get(Field.RISK_INCIDENT_KIND)
    kind = IncidentKind(kind_text) if kind_text in {k.value for k in IncidentKind} else None
    if kind_text and kind is None:
        errors.append(FieldError(Field.RISK_INCIDENT_KIND, "plan.risks.error.kind"))
    if errors:
        return None, errors
    return RiskDraft(title=title, likelihood=_level(texts.get(Field.RISK_LIKELIHOOD), Level.MEDIUM),
                     impact=_level(texts.get(Field.RISK_IMPACT), Level.MEDIUM), mitigation=mitigation,
                     owner_id=texts.get(Field.RISK_OWNER) or None, trigger=trigger, incident_kind=kind), []


def risk_outcomes(risks: Sequence[RiskItem], incident_days: Iterable[tuple[str, date]], *, start: date,
                  end: date) -> list[RiskOutcome]:
    """For each risk, how many incidents of its kind were reported from `start` to `end` (campaign days). A risk
    linked to no kind cannot be judged from incidents: it reads as one that never happened."""
    counts: dict[str, int] = {}
    for kind, day in incident_days:
        if start <= day <= end:
            counts[kind] = counts.get(kind, 0) + 1
    return [RiskOutcome(title=risk.title, incident_kind=risk.incident_kind,
                        incidents=counts.get(risk.incident_kind, 0) if risk.incident_kind else 0) for risk in risks]


def prepared_for(risks: Iterable[RiskItem], kind: str) -> list[RiskItem]:
    """The risks whose mitigation was prepared for incidents of `kind`."""
    return [risk for risk in risks if risk.incident_kind == kind]
