"""The pure rules of Cause & adjustment: the form, extra budget from the contingency, the effect from the pace."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.adjustments.rules import (
    AdjustField,
    AdjustmentFact,
    AdjustmentForm,
    Cause,
    Effect,
    FormRules,
    adjusted_subjects,
    check_adjustment,
    contingency_left,
    effect_of,
    move_from_contingency,
    needs_cause,
    subject_effect,
)
from bot.pace.rules.pace import PaceStanding, PaceStatus
from bot.pace.rules.subjects import Subject, dump_subjects, load_subjects, subjects_of_traffic
from bot.plan.rules.budget_lines import BudgetLine

RULES = FormRules(today=date(2026, 5, 3), start=date(2026, 5, 1), end=date(2026, 5, 31),
                  kpis=("exposure", "clicks"), sources=("WeChat", "Douyin"))


def form(**changes: object) -> AdjustmentForm:
    fields: dict[str, object] = dict(cause="channel", happened="Ads paused", adjustment="New copy", owner_id="U1",
                                     due=date(2026, 5, 6), subjects=("clicks", "clicks:Douyin"), extra="", line=None)
    fields.update(changes)
    return AdjustmentForm(**fields)  # type: ignore[arg-type]


def errors_of(**changes: object) -> dict[str, str]:
    checked, errors = check_adjustment(form(**changes), RULES)
    assert checked is None
    return {error.field: error.key for error in errors}


def test_a_complete_form_is_checked_into_its_values() -> None:
    checked, errors = check_adjustment(form(extra="1.2万", line="channel", happened="  Ads paused \n"), RULES)
    assert errors == [] and checked is not None
    assert (checked.cause, checked.happened, checked.owner_id, checked.due) == (
        Cause.CHANNEL, "Ads paused", "U1", date(2026, 5, 6))
    assert checked.subjects == (Subject("clicks"), Subject("clicks", "Douyin"))
    assert (checked.extra, checked.line) == (Decimal("12000.00"), BudgetLine.CHANNEL)


def test_a_line_without_an_amount_moves_nothing() -> None:
    checked, _ = check_adjustment(form(line="venue"), RULES)
    assert checked is not None and (checked.extra, checked.line) == (None, None)


@pytest.mark.parametrize(("changes", "field", "key"), [
    ({"cause": None}, AdjustField.CAUSE, "adjustments.error.cause"),
    ({"cause": "weather"}, AdjustField.CAUSE, "adjustments.error.cause"),
    ({"happened": " "}, AdjustField.HAPPENED, "form.error.required"),
    ({"adjustment": "x" * 2001}, AdjustField.ADJUSTMENT, "form.error.too_long"),
    ({"owner_id": None}, AdjustField.OWNER, "form.error.required"),
    ({"due": None}, AdjustField.DUE, "form.error.required"),
    ({"due": date(2026, 5, 2)}, AdjustField.DUE, "adjustments.error.due_past"),
    ({"due": date(2026, 6, 1)}, AdjustField.DUE, "adjustments.error.due_outside"),
    ({"subjects": ("sales",)}, AdjustField.SUBJECTS, "adjustments.error.subject_gone"),
    ({"subjects": ("clicks:Stores",)}, AdjustField.SUBJECTS, "adjustments.error.subject_gone"),
    ({"extra": "0", "line": "channel"}, AdjustField.EXTRA, "adjustments.error.extra_not_positive"),
    ({"extra": "-3", "line": "channel"}, AdjustField.EXTRA, "adjustments.error.extra_not_positive"),
    ({"extra": "abc", "line": "channel"}, AdjustField.EXTRA, "form.error.not_a_number"),
    ({"extra": "1.005", "line": "channel"}, AdjustField.EXTRA, "form.error.too_precise"),
    ({"extra": "100000000000000", "line": "channel"}, AdjustField.EXTRA, "form.error.too_large"),
    ({"extra": "100", "line": None}, AdjustField.LINE, "adjustments.error.line_required"),
    ({"extra": "100", "line": "contingency"}, AdjustField.LINE, "adjustments.error.line_required"),
])
def test_each_mistake_is_named_on_its_field(changes: dict[str, object], field: str, key: str) -> None:
    assert errors_of(**changes)[field] == key


def test_a_pace_incident_needs_a_subject() -> None:
    _, errors = check_adjustment(form(subjects=()), FormRules(**{**RULES.__dict__, "subject_required": True}))
    assert [(e.field, e.key) for e in errors] == [(AdjustField.SUBJECTS, "adjustments.error.subject_required")]
    checked, _ = check_adjustment(form(subjects=()), RULES)  # any other incident may name none
    assert checked is not None and checked.subjects == ()


def test_extra_budget_comes_out_of_the_contingency() -> None:
    reserve = Decimal(20000)
    assert contingency_left({}, reserve) == reserve  # nothing planned: the reserve, as the budget modal shows
    moved, errors = move_from_contingency({}, reserve, Decimal(5000), BudgetLine.CHANNEL)
    assert errors == [] and moved == {BudgetLine.CONTINGENCY: Decimal(15000), BudgetLine.CHANNEL: Decimal(5000)}
    planned = {BudgetLine.CONTINGENCY: Decimal(8000), BudgetLine.CHANNEL: Decimal(100000)}
    moved, _ = move_from_contingency(planned, reserve, Decimal(8000), BudgetLine.CHANNEL)
    assert moved == {BudgetLine.CONTINGENCY: Decimal(0), BudgetLine.CHANNEL: Decimal(108000)}
    assert sum(moved.values()) == sum(planned.values())  # the budget's total is unchanged


def test_more_than_the_contingency_holds_is_refused_saying_what_is_left() -> None:
    planned = {BudgetLine.CHANNEL: Decimal(100000)}  # lines planned without a contingency: nothing to move
    assert contingency_left(planned, Decimal(20000)) == 0
    moved, errors = move_from_contingency({BudgetLine.CONTINGENCY: Decimal(3000)}, Decimal(20000), Decimal("3000.01"),
                                          BudgetLine.VENUE)
    assert moved is None
    assert [(e.field, e.key, e.params) for e in errors] == [
        (AdjustField.EXTRA, "adjustments.error.over_contingency", {"left": Decimal(3000)})]


@pytest.mark.parametrize(("status", "effect"), [
    (PaceStatus.BEHIND, Effect.STILL_BEHIND), (PaceStatus.ON_PACE, Effect.BACK_ON_PACE),
    (PaceStatus.AHEAD, Effect.BACK_ON_PACE), (PaceStatus.UNKNOWN, Effect.NOT_YET),
])
def test_the_effect_is_the_pace_standing(status: PaceStatus, effect: Effect) -> None:
    assert effect_of(PaceStanding(status, None, None)) == effect


def test_a_source_subject_is_judged_by_its_share_and_by_its_kpi_without_one() -> None:
    standings = {"clicks": PaceStanding(PaceStatus.ON_PACE, Decimal("1.05"), None)}
    by_source = {("clicks", "Douyin"): PaceStanding(PaceStatus.BEHIND, Decimal("0.6"), None)}
    assert subject_effect(Subject("clicks", "Douyin"), standings, by_source) == Effect.STILL_BEHIND
    assert subject_effect(Subject("clicks"), standings, by_source) == Effect.BACK_ON_PACE
    assert subject_effect(Subject("clicks", "WeChat"), standings, by_source) == Effect.BACK_ON_PACE  # no share
    assert subject_effect(Subject("clicks", "Douyin"), standings) == Effect.BACK_ON_PACE
    assert subject_effect(Subject("exposure"), standings) == Effect.NOT_YET  # no longer a KPI: nothing to judge


def test_a_pace_incident_names_the_sources_behind_their_shares_once() -> None:
    named = subjects_of_traffic(["clicks"], "Douyin", [("clicks", "Douyin"), ("exposure", "WeChat")])
    assert named == (Subject("clicks"), Subject("clicks", "Douyin"), Subject("exposure", "WeChat"))


def test_subjects_round_trip_and_what_a_pace_incident_names() -> None:
    named = subjects_of_traffic(["clicks", "exposure", "clicks"], "Douyin")
    assert named == (Subject("clicks"), Subject("exposure"), Subject("clicks", "Douyin"), Subject("exposure", "Douyin"))
    assert load_subjects(dump_subjects(named)) == named
    assert load_subjects("not json") == () and load_subjects(None) == ()
    assert Subject.parse("clicks:抖音 Douyin") == Subject("clicks", "抖音 Douyin")
    assert Subject("clicks", "抖音 Douyin").value == "clicks:抖音 Douyin"


def test_only_a_pace_incident_without_a_cause_needs_one() -> None:
    assert needs_cause(kind="traffic", dedupe_key="anomaly:traffic", adjustments=0)
    assert not needs_cause(kind="traffic", dedupe_key="anomaly:traffic", adjustments=1)
    assert not needs_cause(kind="traffic", dedupe_key=None, adjustments=0)  # reported by a person
    assert not needs_cause(kind="equipment", dedupe_key="anomaly:traffic", adjustments=0)


def test_each_subject_once_with_its_latest_adjustment() -> None:
    def fact(id: int, day: int, *subjects: Subject) -> AdjustmentFact:
        return AdjustmentFact(id=id, incident_id=1, cause="channel", happened="h", adjustment="a", owner_id="U1",
                              due=date(2026, 5, 9), recorded_on=date(2026, 5, day), subjects=subjects)

    first, second = fact(1, 3, Subject("clicks"), Subject("exposure")), fact(2, 4, Subject("clicks"))
    summary = adjusted_subjects([second, first])
    assert [(s.subject, s.latest.id, s.count) for s in summary] == [(Subject("clicks"), 2, 2),
                                                                   (Subject("exposure"), 1, 1)]
