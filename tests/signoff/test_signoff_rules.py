"""Sign-off rules without Slack or a database: approvers in the form, what an approval covers."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from bot.campaigns.rules.campaign import (
    APPROVERS_MAX,
    CampaignForm,
    FieldError,
    Status,
    can_move,
    validate_campaign_form,
)
from bot.signoff.rules import SIGNED_OFF, UNDER_WAY, WITHDRAWN, signed_off_changes

FORM = CampaignForm(
    name="Spring Sale", theme="", objective="sales", start=date(2026, 5, 1), end=date(2026, 5, 31),
    warmup_start=None, burst_start=None, longtail_start=None, owner_id="U_OWNER", channel_id="C1",
    budget="200,000", contingency="10", timezone="Asia/Shanghai",
)


def test_approvers_are_kept_once_each_in_the_order_picked() -> None:
    draft, errors = validate_campaign_form(replace(FORM, approver_ids=("U_B", "U_A", "U_B", "")))
    assert errors == [] and draft is not None
    assert draft.approver_ids == ("U_B", "U_A")


def test_no_approvers_is_fine() -> None:
    draft, _ = validate_campaign_form(FORM)
    assert draft is not None and draft.approver_ids == ()


def test_the_owner_is_never_an_approver() -> None:
    for approvers in (("U_OWNER",), ("U_A", "U_OWNER")):
        draft, errors = validate_campaign_form(replace(FORM, approver_ids=approvers))
        assert draft is None and errors == [FieldError("approvers", "form.error.approver_is_owner")]


def test_too_many_or_forged_approvers_are_refused_on_the_field() -> None:
    many = tuple(f"U{n}" for n in range(APPROVERS_MAX + 1))
    assert validate_campaign_form(replace(FORM, approver_ids=many))[1] == [
        FieldError("approvers", "form.error.approvers_too_many", {"limit": APPROVERS_MAX})]
    assert validate_campaign_form(replace(FORM, approver_ids=("U" * 40,)))[1] == [
        FieldError("approvers", "form.error.approver_unknown")]


def test_an_approved_campaign_not_yet_started_may_go_back_to_draft() -> None:
    assert can_move(Status.APPROVED, Status.DRAFT) and can_move(Status.PREPARING, Status.DRAFT)
    assert not can_move(Status.RUNNING, Status.DRAFT) and not can_move(Status.CLOSED, Status.DRAFT)
    assert WITHDRAWN.isdisjoint(UNDER_WAY) and Status.DRAFT not in WITHDRAWN | UNDER_WAY


def test_only_dates_budget_and_targets_are_signed_off() -> None:
    before = {"name": "A", "theme": "x", "start_date": date(2026, 5, 1), "end_date": date(2026, 5, 31),
              "budget": Decimal("200000"), "kpi_sales": None, "approvers": ["U_A"]}
    after = {"name": "B", "theme": "y", "start_date": date(2026, 5, 1), "end_date": date(2026, 6, 7),
             "budget": Decimal("250000"), "kpi_sales": Decimal("1000"), "approvers": ["U_B"]}
    assert signed_off_changes(before, after) == [
        ("end", date(2026, 5, 31), date(2026, 6, 7)), ("budget", Decimal("200000"), Decimal("250000")),
        ("kpi_sales", None, Decimal("1000"))]
    assert signed_off_changes({"name": "A"}, {"name": "B", "theme": "z"}) == []
    assert set(SIGNED_OFF) >= {"start", "end", "budget", "kpi_exposure", "kpi_sales"}
