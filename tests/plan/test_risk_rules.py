"""The risk register's rules: what a risk needs, and which risks came true."""

from __future__ import annotations

from datetime import date

from bot.kernel.ids import Field
from bot.plan.rules.emergency_plan import IncidentKind
from bot.plan.rules.risks import (
    MITIGATION_MAX,
    TITLE_MAX,
    Level,
    RiskItem,
    check_risk,
    prepared_for,
    risk_outcomes,
)


def _texts(**overrides: str | None) -> dict[str, str | None]:
    texts: dict[str, str | None] = {
        Field.RISK_TITLE: "  Main   screen fails ", Field.RISK_LIKELIHOOD: "high", Field.RISK_IMPACT: "low",
        Field.RISK_MITIGATION: " Backup screen ", Field.RISK_OWNER: "U_TECH", Field.RISK_TRIGGER: "",
        Field.RISK_INCIDENT_KIND: "equipment",
    }
    texts.update(overrides)
    return texts


def _risk(risk_id: int, kind: str | None, title: str = "r") -> RiskItem:
    return RiskItem(id=risk_id, title=title, likelihood="low", impact="high", mitigation="m", owner_id=None,
                    trigger="", incident_kind=kind)


def test_a_complete_risk_is_read_as_typed() -> None:
    draft, errors = check_risk(_texts())
    assert errors == [] and draft is not None
    assert (draft.title, draft.likelihood, draft.impact, draft.mitigation, draft.owner_id, draft.incident_kind) == (
        "Main screen fails", Level.HIGH, Level.LOW, "Backup screen", "U_TECH", IncidentKind.EQUIPMENT)


def test_optional_parts_may_be_left_out() -> None:
    draft, _ = check_risk(_texts(**{Field.RISK_OWNER: None, Field.RISK_INCIDENT_KIND: None,
                                    Field.RISK_LIKELIHOOD: None, Field.RISK_IMPACT: "extreme"}))
    assert draft is not None
    assert (draft.owner_id, draft.incident_kind, draft.likelihood, draft.impact) == (None, None, Level.MEDIUM,
                                                                                     Level.MEDIUM)


def test_no_title_or_no_mitigation_is_refused_on_its_field() -> None:
    draft, errors = check_risk(_texts(**{Field.RISK_TITLE: "   ", Field.RISK_MITIGATION: "\n"}))
    assert draft is None
    assert [(e.field, e.key) for e in errors] == [(Field.RISK_TITLE, "plan.risks.error.title"),
                                                 (Field.RISK_MITIGATION, "plan.risks.error.mitigation")]


def test_too_long_and_unknown_kinds_are_refused() -> None:
    _, errors = check_risk(_texts(**{Field.RISK_TITLE: "x" * (TITLE_MAX + 1),
                                     Field.RISK_MITIGATION: "y" * (MITIGATION_MAX + 1),
                                     Field.RISK_TRIGGER: "z" * 301, Field.RISK_INCIDENT_KIND: "volcano"}))
    assert [e.field for e in errors] == [Field.RISK_TITLE, Field.RISK_MITIGATION, Field.RISK_TRIGGER,
                                         Field.RISK_INCIDENT_KIND]
    assert errors[0].params == {"max": TITLE_MAX}


def test_a_risk_came_true_when_an_incident_of_its_kind_happened_during_the_campaign() -> None:
    risks = [_risk(1, "equipment", "screens"), _risk(2, "weather", "rain"), _risk(3, None, "agency")]
    incidents = [("equipment", date(2026, 5, 3)), ("equipment", date(2026, 5, 9)), ("weather", date(2026, 4, 28)),
                 ("traffic", date(2026, 5, 4))]
    outcomes = risk_outcomes(risks, incidents, start=date(2026, 5, 1), end=date(2026, 5, 10))
    assert [(o.title, o.came_true, o.incidents) for o in outcomes] == [
        ("screens", True, 2), ("rain", False, 0), ("agency", False, 0)]  # rain before the start does not count


def test_prepared_for_picks_the_risks_of_the_kind() -> None:
    risks = [_risk(1, "equipment"), _risk(2, "weather"), _risk(3, "equipment"), _risk(4, None)]
    assert [r.id for r in prepared_for(risks, "equipment")] == [1, 3]
    assert prepared_for(risks, "safety") == []
