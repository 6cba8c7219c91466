from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bot.campaigns.rules.campaign import (
    BUDGET_MAX,
    CONTINGENCY_MAX,
    DEFAULT_CONTINGENCY,
    LIVE_STATUSES,
    NAME_MAX,
    THEME_MAX,
    CampaignDraft,
    CampaignForm,
    FieldError,
    Metric,
    Objective,
    Status,
    can_move,
    contingency_amount,
    validate_campaign_form,
)

MAY_1 = date(2026, 5, 1)
MAY_31 = date(2026, 5, 31)


def form(**changes: object) -> CampaignForm:
    valid = CampaignForm(
        name="Spring Sale", theme="Blossom deals", objective="sales", start=MAY_1, end=MAY_31,
        warmup_start=None, burst_start=None, longtail_start=None, owner_id="U_OWNER", channel_id="C_CAMPAIGN",
        budget="200,000", contingency="10", timezone="Asia/Shanghai", kpi_targets={},
    )
    return replace(valid, **changes)  # type: ignore[arg-type]


def errors_of(**changes: object) -> list[FieldError]:
    draft, errors = validate_campaign_form(form(**changes))
    assert draft is None, "an invalid form must not produce a draft"
    assert errors
    return errors


def only_error(**changes: object) -> FieldError:
    errors = errors_of(**changes)
    assert len(errors) == 1, errors
    return errors[0]


def draft_of(**changes: object) -> CampaignDraft:
    draft, errors = validate_campaign_form(form(**changes))
    assert errors == []
    assert draft is not None
    return draft


# --- a valid form ----------------------------------------------------------------------------------------------


def test_valid_form_becomes_a_typed_draft() -> None:
    draft = draft_of(
        warmup_start=date(2026, 5, 1), burst_start=date(2026, 5, 10), longtail_start=date(2026, 5, 20),
        kpi_targets={Metric.EXPOSURE: "500万", Metric.SALES: "1,234.56", Metric.CLICKS: ""},
    )
    assert draft == CampaignDraft(
        name="Spring Sale", theme="Blossom deals", objective=Objective.SALES, start=MAY_1, end=MAY_31,
        warmup_start=date(2026, 5, 1), burst_start=date(2026, 5, 10), longtail_start=date(2026, 5, 20),
        owner_id="U_OWNER", channel_id="C_CAMPAIGN", budget=Decimal("200000"), contingency_pct=10,
        timezone="Asia/Shanghai", kpi_targets={Metric.EXPOSURE: Decimal("5000000"), Metric.SALES: Decimal("1234.56")},
    )
    assert isinstance(draft.objective, Objective)
    assert isinstance(draft.budget, Decimal)
    assert type(draft.contingency_pct) is int
    assert Metric.CLICKS not in draft.kpi_targets  # an empty KPI box means "not measured"
    assert draft.contingency_amount == Decimal("20000.00")


# --- name and theme ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["", "   ", "\n\t"])
def test_name_is_required(name: str) -> None:
    assert only_error(name=name) == FieldError("name", "form.error.required")


def test_name_whitespace_is_collapsed() -> None:
    assert draft_of(name="  Spring \n  Sale\t ").name == "Spring Sale"


def test_name_limit_counts_after_collapsing_whitespace() -> None:
    assert draft_of(name="a" * NAME_MAX).name == "a" * NAME_MAX
    assert draft_of(name=" " + "a" * (NAME_MAX - 1) + "   ").name == "a" * (NAME_MAX - 1)
    assert only_error(name="a" * (NAME_MAX + 1)) == FieldError("name", "form.error.too_long", {"limit": NAME_MAX})


@pytest.mark.parametrize("name", ["12", " 2026 ", "１２"])
def test_name_of_only_digits_is_refused(name: str) -> None:
    assert only_error(name=name) == FieldError("name", "form.error.name_digits")


def test_name_with_digits_and_letters_or_chinese_is_fine() -> None:
    assert draft_of(name="Double 11").name == "Double 11"
    assert draft_of(name="双11会员日").name == "双11会员日"


def test_theme_is_optional_and_stripped() -> None:
    assert draft_of(theme="").theme == ""
    assert draft_of(theme="  Blossom  ").theme == "Blossom"


def test_theme_too_long() -> None:
    assert draft_of(theme="x" * THEME_MAX).theme == "x" * THEME_MAX
    assert only_error(theme="x" * (THEME_MAX + 1)) == FieldError("theme", "form.error.too_long", {"limit": THEME_MAX})


# --- objective, owner, channel, timezone -------------------------------------------------------------------------


@pytest.mark.parametrize("objective", [None, "", "profit", "SALES"])
def test_objective_missing_or_unknown(objective: str | None) -> None:
    assert only_error(objective=objective) == FieldError("objective", "form.error.required")


@pytest.mark.parametrize("objective", list(Objective))
def test_every_objective_is_accepted(objective: Objective) -> None:
    assert draft_of(objective=objective.value).objective is objective


@pytest.mark.parametrize("field_name", ["owner_id", "channel_id"])
def test_owner_and_channel_are_required(field_name: str) -> None:
    assert only_error(**{field_name: None}) == FieldError(field_name.removesuffix("_id"), "form.error.required")


def test_timezone_required() -> None:
    assert only_error(timezone=None) == FieldError("timezone", "form.error.required")


@pytest.mark.parametrize("zone", ["Mars/Olympus", "Asia/Shanghai/", "../etc/passwd", "Asia"])
def test_timezone_invalid(zone: str) -> None:
    assert only_error(timezone=zone) == FieldError("timezone", "form.error.timezone", {"text": zone})


# --- dates and phases --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("field_name", ["start", "end"])
def test_dates_are_required(field_name: str) -> None:
    assert only_error(**{field_name: None}) == FieldError(field_name, "form.error.required")


def test_end_before_start() -> None:
    assert only_error(end=date(2026, 4, 30)) == FieldError("end", "form.error.end_before_start")


def test_same_day_campaign_is_fine() -> None:
    draft = draft_of(start=MAY_1, end=MAY_1, warmup_start=MAY_1)
    assert (draft.start, draft.end, draft.warmup_start) == (MAY_1, MAY_1, MAY_1)


@pytest.mark.parametrize("field_name", ["warmup_start", "burst_start", "longtail_start"])
@pytest.mark.parametrize("day", [date(2026, 4, 30), date(2026, 6, 1)])
def test_phase_outside_the_campaign(field_name: str, day: date) -> None:
    assert only_error(**{field_name: day}) == FieldError(field_name, "form.error.phase_outside")


def test_phases_on_the_first_and_last_day_are_inside() -> None:
    draft = draft_of(warmup_start=MAY_1, longtail_start=MAY_31)
    assert (draft.warmup_start, draft.longtail_start) == (MAY_1, MAY_31)


def test_phases_out_of_order() -> None:
    errors = errors_of(warmup_start=date(2026, 5, 10), burst_start=date(2026, 5, 5), longtail_start=date(2026, 5, 20))
    assert errors == [FieldError("burst_start", "form.error.phase_order", {"before": "warmup_start"})]


def test_phases_on_the_same_day_are_out_of_order() -> None:
    errors = errors_of(burst_start=date(2026, 5, 10), longtail_start=date(2026, 5, 10))
    assert errors == [FieldError("longtail_start", "form.error.phase_order", {"before": "burst_start"})]


def test_phase_order_skips_empty_phases() -> None:
    errors = errors_of(warmup_start=date(2026, 5, 10), longtail_start=date(2026, 5, 9))
    assert errors == [FieldError("longtail_start", "form.error.phase_order", {"before": "warmup_start"})]


@pytest.mark.parametrize(
    "phases",
    [
        {"warmup_start": date(2026, 5, 3)},
        {"burst_start": date(2026, 5, 3)},
        {"longtail_start": date(2026, 5, 3)},
        {"warmup_start": date(2026, 5, 3), "longtail_start": date(2026, 5, 20)},
        {"burst_start": date(2026, 5, 3), "longtail_start": date(2026, 5, 20)},
    ],
)
def test_phases_partially_filled_are_fine(phases: dict[str, date]) -> None:
    draft = draft_of(**phases)
    for field_name, day in phases.items():
        assert getattr(draft, field_name) == day


def test_phases_are_checked_for_order_even_without_campaign_dates() -> None:
    errors = errors_of(start=None, warmup_start=date(2026, 5, 10), burst_start=date(2026, 5, 1))
    assert FieldError("burst_start", "form.error.phase_order", {"before": "warmup_start"}) in errors
    assert FieldError("start", "form.error.required") in errors


# --- budget ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("budget", ["", "   "])
def test_budget_required(budget: str) -> None:
    assert only_error(budget=budget) == FieldError("budget", "form.error.required")


def test_budget_negative() -> None:
    assert only_error(budget="-5") == FieldError("budget", "form.error.negative")


@pytest.mark.parametrize("budget", ["abc", "1,2", "twenty"])
def test_budget_not_a_number_quotes_the_text(budget: str) -> None:
    assert only_error(budget=f" {budget} ") == FieldError("budget", "form.error.not_a_number", {"text": budget})


@pytest.mark.parametrize("budget", ["0", "0.00", "¥0"])
def test_budget_of_zero_is_allowed(budget: str) -> None:
    assert draft_of(budget=budget).budget == 0


@pytest.mark.parametrize(
    ("budget", "expected"),
    [("200,000", "200000"), ("20万", "200000"), ("1234.5", "1234.5"), ("99.99", "99.99"), ("1.2345万", "12345"),
     ("0.001万", "10"), ("1.50", "1.5")],
)
def test_budget_parsed_exactly(budget: str, expected: str) -> None:
    assert draft_of(budget=budget).budget == Decimal(expected)


@pytest.mark.parametrize("budget", ["0.001", "12.345", "1.0000001万"])
def test_budget_with_more_than_two_decimals(budget: str) -> None:
    assert only_error(budget=budget) == FieldError("budget", "form.error.too_precise")


def test_budget_too_large() -> None:
    assert draft_of(budget=f"{BUDGET_MAX:f}").budget == BUDGET_MAX
    assert only_error(budget="100001亿") == FieldError("budget", "form.error.too_large")
    assert only_error(budget="9" * 40) == FieldError("budget", "form.error.too_large")


# --- contingency ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("contingency", ["", "  ", "%"])
def test_contingency_defaults_to_ten(contingency: str) -> None:
    assert draft_of(contingency=contingency).contingency_pct == DEFAULT_CONTINGENCY == 10


@pytest.mark.parametrize(
    ("contingency", "expected"),
    [("15%", 15), ("15 %", 15), ("15％", 15), ("0", 0), ("50", 50), ("15.0", 15), ("１５", 15)],
)
def test_contingency_accepted(contingency: str, expected: int) -> None:
    pct = draft_of(contingency=contingency).contingency_pct
    assert pct == expected
    assert type(pct) is int


@pytest.mark.parametrize("contingency", ["51", "12.5", "-1", "100%", "1万"])
def test_contingency_out_of_range_or_fractional(contingency: str) -> None:
    assert only_error(contingency=contingency) == FieldError(
        "contingency", "form.error.contingency_range", {"limit": CONTINGENCY_MAX}
    )


def test_contingency_not_a_number() -> None:
    assert only_error(contingency="ten%") == FieldError("contingency", "form.error.not_a_number", {"text": "ten"})


# --- KPI targets ---------------------------------------------------------------------------------------------------


def test_kpi_targets_are_optional() -> None:
    assert draft_of(kpi_targets={}).kpi_targets == {}
    assert draft_of(kpi_targets=dict.fromkeys(Metric, "  ")).kpi_targets == {}


@pytest.mark.parametrize("metric", list(Metric))
def test_kpi_target_negative(metric: Metric) -> None:
    assert only_error(kpi_targets={metric: "-10"}) == FieldError(f"kpi_{metric.value}", "form.error.negative")


@pytest.mark.parametrize("metric", list(Metric))
def test_kpi_target_zero_is_refused(metric: Metric) -> None:
    assert only_error(kpi_targets={metric: "0"}) == FieldError(f"kpi_{metric.value}", "form.error.not_positive")


@pytest.mark.parametrize("metric", [m for m in Metric if m is not Metric.SALES])
def test_counted_kpis_must_be_whole(metric: Metric) -> None:
    assert only_error(kpi_targets={metric: "10.5"}) == FieldError(f"kpi_{metric.value}", "form.error.whole_number")
    assert draft_of(kpi_targets={metric: "1.5万"}).kpi_targets == {metric: Decimal("15000")}


def test_sales_target_may_have_cents_but_not_more() -> None:
    assert draft_of(kpi_targets={Metric.SALES: "10.55"}).kpi_targets == {Metric.SALES: Decimal("10.55")}
    assert only_error(kpi_targets={Metric.SALES: "10.555"}) == FieldError("kpi_sales", "form.error.too_precise")


def test_kpi_target_not_a_number_and_too_large() -> None:
    assert only_error(kpi_targets={Metric.CLICKS: "lots"}) == FieldError(
        "kpi_clicks", "form.error.not_a_number", {"text": "lots"}
    )
    assert only_error(kpi_targets={Metric.EXPOSURE: "10000001亿"}) == FieldError(
        "kpi_exposure", "form.error.too_large"
    )


# --- several at once ----------------------------------------------------------------------------------------------


def test_every_problem_is_reported_at_once() -> None:
    errors = errors_of(
        name="", objective=None, end=date(2026, 4, 1), owner_id=None, channel_id=None, budget="abc",
        contingency="80", timezone="Nowhere/Special", kpi_targets={Metric.CLICKS: "1.5", Metric.SALES: "-1"},
    )
    assert {(error.field, error.key) for error in errors} == {
        ("name", "form.error.required"),
        ("objective", "form.error.required"),
        ("end", "form.error.end_before_start"),
        ("owner", "form.error.required"),
        ("channel", "form.error.required"),
        ("budget", "form.error.not_a_number"),
        ("contingency", "form.error.contingency_range"),
        ("timezone", "form.error.timezone"),
        ("kpi_clicks", "form.error.whole_number"),
        ("kpi_sales", "form.error.negative"),
    }


# --- contingency_amount -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "pct", "expected"),
    [
        ("200000", 10, "20000.00"),
        ("0", 10, "0.00"),
        ("1000", 0, "0.00"),
        ("1000", 50, "500.00"),
        ("99.99", 15, "15.00"),  # 14.9985 rounds to cents
        ("0.33", 10, "0.03"),
        ("12345678901.23", 15, "1851851835.18"),
    ],
)
def test_contingency_amount_is_rounded_to_cents(budget: str, pct: int, expected: str) -> None:
    amount = contingency_amount(Decimal(budget), pct)
    assert amount == Decimal(expected)
    assert amount.as_tuple().exponent == -2


# --- status transitions -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("current", "to"),
    [
        (Status.DRAFT, Status.APPROVED),
        (Status.DRAFT, Status.CANCELLED),
        (Status.APPROVED, Status.PREPARING),
        (Status.APPROVED, Status.RUNNING),
        (Status.APPROVED, Status.DRAFT),  # its dates, budget or targets changed: it waits for approval again
        (Status.PREPARING, Status.RUNNING),
        (Status.RUNNING, Status.EVALUATING),
        (Status.RUNNING, Status.CANCELLED),
        (Status.EVALUATING, Status.CLOSED),
    ],
)
def test_allowed_moves(current: Status, to: Status) -> None:
    assert can_move(current, to)


@pytest.mark.parametrize(
    ("current", "to"),
    [
        (Status.DRAFT, Status.RUNNING),
        (Status.DRAFT, Status.CLOSED),
        (Status.DRAFT, Status.DRAFT),
        (Status.RUNNING, Status.DRAFT),
        (Status.RUNNING, Status.APPROVED),
        (Status.EVALUATING, Status.CANCELLED),
        (Status.EVALUATING, Status.RUNNING),
    ],
)
def test_refused_moves(current: Status, to: Status) -> None:
    assert not can_move(current, to)


@pytest.mark.parametrize("final", [Status.CLOSED, Status.CANCELLED])
def test_closed_and_cancelled_are_final(final: Status) -> None:
    assert not any(can_move(final, to) for to in Status)


def test_every_status_has_a_rule_and_no_status_moves_to_itself() -> None:
    for status in Status:
        assert not can_move(status, status)


def test_live_statuses_are_everything_but_closed_and_cancelled() -> None:
    live = {Status.DRAFT, Status.APPROVED, Status.PREPARING, Status.RUNNING, Status.EVALUATING}
    assert live == LIVE_STATUSES
