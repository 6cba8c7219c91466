"""The KPI targets form: what each field accepts and refuses, and the changes a save makes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.campaigns.rules.campaign import Metric
from bot.plan.rules.targets import (
    Goal,
    GoalTarget,
    TargetsDraft,
    TargetsForm,
    audit_values,
    check_targets,
    needed_figures,
    target_changes,
)


def form(totals: dict[Metric, str] | None = None, baselines: dict[Goal, str] | None = None,
         **goals: str) -> TargetsForm:
    return TargetsForm(totals=totals or {}, goals={Goal(name): text for name, text in goals.items()},
                       baselines=baselines or {})


def test_every_shape_is_read_as_people_type_it() -> None:
    draft, errors = check_targets(form(
        {Metric.SALES: "¥2,500,000", Metric.EXPOSURE: "500万"},
        {Goal.BRAND_SEARCHES: "1.2k", Goal.REPURCHASE_RATE: "２０％"},
        new_members="1万", new_customer_share="≥40%", conversion_rate=">= 5.5%", average_order_value="≥¥300",
        roi="300%", brand_searches="+30%", repurchase_rate="15%"))
    assert errors == [] and draft is not None
    assert draft.totals == {Metric.EXPOSURE: Decimal(5_000_000), Metric.SALES: Decimal("2500000.00")}
    assert draft.goals == {
        Goal.NEW_MEMBERS: GoalTarget(Goal.NEW_MEMBERS, Decimal(10000)),
        Goal.NEW_CUSTOMER_SHARE: GoalTarget(Goal.NEW_CUSTOMER_SHARE, Decimal(40)),
        Goal.CONVERSION_RATE: GoalTarget(Goal.CONVERSION_RATE, Decimal("5.5")),
        Goal.AVERAGE_ORDER_VALUE: GoalTarget(Goal.AVERAGE_ORDER_VALUE, Decimal(300)),
        Goal.ROI: GoalTarget(Goal.ROI, Decimal(300)),
        Goal.BRAND_SEARCHES: GoalTarget(Goal.BRAND_SEARCHES, Decimal(30), Decimal(1200)),
        Goal.REPURCHASE_RATE: GoalTarget(Goal.REPURCHASE_RATE, Decimal(15), Decimal(20)),
    }


@pytest.mark.parametrize(("typed", "field", "key"), [
    ({"new_customer_share": "101%"}, "target_new_customer_share", "plan.targets.error.over_100"),
    ({"new_customer_share": "40"}, "target_new_customer_share", "plan.targets.error.percent_needed"),
    ({"brand_searches": "+30%"}, "baseline_brand_searches", "plan.targets.error.baseline_needed"),
    ({"roi": "-1%"}, "target_roi", "form.error.negative"),
    ({"roi": "%"}, "target_roi", "form.error.not_a_number"),
    ({"average_order_value": "30%"}, "target_average_order_value", "plan.targets.error.not_a_percent"),
    ({"new_members": "0"}, "target_new_members", "plan.targets.error.zero"),
    ({"conversion_rate": "5.555%"}, "target_conversion_rate", "form.error.too_precise"),
])
def test_mistakes_are_refused_on_their_field(typed: dict[str, str], field: str, key: str) -> None:
    draft, errors = check_targets(form(**typed))
    assert draft is None and [(error.field, error.key) for error in errors] == [(field, key)]


def test_a_baseline_without_its_lift_is_refused_rather_than_dropped() -> None:
    draft, errors = check_targets(form(baselines={Goal.REPURCHASE_RATE: "20%"}))
    assert draft is None and [(e.field, e.key) for e in errors] == [("target_repurchase_rate",
                                                                    "plan.targets.error.lift_needed")]


def test_a_lift_of_zero_is_a_target_but_a_rate_of_zero_is_not() -> None:
    draft, _ = check_targets(form(baselines={Goal.BRAND_SEARCHES: "100"}, brand_searches="+0%"))
    assert draft is not None and draft.goals[Goal.BRAND_SEARCHES].target == 0
    assert check_targets(form(roi="0%"))[0] is None


def test_the_report_asks_for_what_the_goals_need() -> None:
    assert needed_figures({Goal.ROI, Goal.CONVERSION_RATE}) == ()
    assert needed_figures({Goal.REPURCHASE_RATE, Goal.NEW_CUSTOMER_SHARE, Goal.NEW_MEMBERS, Goal.BRAND_SEARCHES}) == (
        "new_customers", "new_members", "brand_searches", "repeat_buyers")


def test_changes_and_audit_values() -> None:
    before = TargetsDraft({Metric.SALES: Decimal(2_000_000)}, {Goal.ROI: GoalTarget(Goal.ROI, Decimal(300))})
    after = TargetsDraft({Metric.SALES: Decimal(2_500_000)}, {
        Goal.BRAND_SEARCHES: GoalTarget(Goal.BRAND_SEARCHES, Decimal(30), Decimal(1000))})
    assert [(c.name, c.before, c.after) for c in target_changes(before, after)] == [
        ("sales", Decimal(2_000_000), Decimal(2_500_000)),
        ("roi", GoalTarget(Goal.ROI, Decimal(300)), None),
        ("brand_searches", None, GoalTarget(Goal.BRAND_SEARCHES, Decimal(30), Decimal(1000))),
    ]
    assert target_changes(after, after) == []
    values = audit_values(after)
    assert values["kpi_sales"] == Decimal(2_500_000) and values["target_roi"] is None
    assert (values["target_brand_searches"], values["baseline_brand_searches"]) == ("+30%", "1000")
