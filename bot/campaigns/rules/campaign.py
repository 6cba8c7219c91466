"""Campaign domain: statuses, objectives, KPI metrics and the rules a new or edited campaign must pass.

Pure functions and values only; no Slack, no database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from bot.kernel.bounds import FIRST_DATE, LAST_DATE, is_iana_zone
from bot.kernel.forms import FieldError
from bot.kernel.numbers import NotANumber, parse_amount


class Status(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"
    PREPARING = "preparing"
    RUNNING = "running"
    EVALUATING = "evaluating"
    CLOSED = "closed"
    CANCELLED = "cancelled"


LIVE_STATUSES = frozenset(Status) - {Status.CLOSED, Status.CANCELLED}

_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.DRAFT: frozenset({Status.APPROVED, Status.CANCELLED}),
    # Back to draft: its dates, budget or targets changed before it started (bot.signoff.service), so it waits
    # for a new sign-off.
    Status.APPROVED: frozenset({Status.DRAFT, Status.PREPARING, Status.RUNNING, Status.CANCELLED}),
    Status.PREPARING: frozenset({Status.DRAFT, Status.RUNNING, Status.CANCELLED}),
    Status.RUNNING: frozenset({Status.EVALUATING, Status.CANCELLED}),
    Status.EVALUATING: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.CANCELLED: frozenset(),
}


def can_move(current: Status, to: Status) -> bool:
    return to in _TRANSITIONS[current]


class Objective(StrEnum):
    BRAND = "brand"
    SALES = "sales"
    OPERATIONS = "operations"


class Metric(StrEnum):
    EXPOSURE = "exposure"
    CLICKS = "clicks"
    PARTICIPANTS = "participants"
    CONVERSIONS = "conversions"
    SALES = "sales"


MONEY_METRICS = frozenset({Metric.SALES})

NAME_MAX = 80
THEME_MAX = 2000
BUDGET_MAX = Decimal("1e13")
TARGET_MAX = Decimal("1e15")
CONTINGENCY_MAX = 50
APPROVERS_MAX = 10
USER_ID_MAX = 32
DEFAULT_CONTINGENCY = 10
# The languages a campaign may speak in its channel, review and PDF, as locale codes; none chosen: the owner's.
CAMPAIGN_LANGUAGES = ("en", "zh-CN", "zh-TW")


@dataclass(frozen=True)
class CampaignForm:
    """What the new/edit campaign modal collected, as the user entered it."""

    name: str
    theme: str
    objective: str | None
    start: date | None
    end: date | None
    warmup_start: date | None
    burst_start: date | None
    longtail_start: date | None
    owner_id: str | None
    channel_id: str | None
    budget: str
    contingency: str
    timezone: str | None
    kpi_targets: dict[Metric, str] = field(default_factory=dict)
    language: str | None = None
    approver_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class CampaignDraft:
    """A campaign that passed every rule and may be stored."""

    name: str
    theme: str
    objective: Objective
    start: date
    end: date
    warmup_start: date | None
    burst_start: date | None
    longtail_start: date | None
    owner_id: str
    channel_id: str
    budget: Decimal
    contingency_pct: int
    timezone: str
    kpi_targets: dict[Metric, Decimal]
    language: str | None = None
    # Who signs the campaign off (审批人); none named: a workspace admin who is not the owner (bot.kernel.policy).
    approver_ids: tuple[str, ...] = ()

    @property
    def contingency_amount(self) -> Decimal:
        return contingency_amount(self.budget, self.contingency_pct)


def contingency_amount(budget: Decimal, pct: int) -> Decimal:
    return (budget * pct / 100).quantize(Decimal("0.01"))


def validate_campaign_form(form: CampaignForm) -> tuple[CampaignDraft | None, list[FieldError]]:
    """Check every rule; return a draft only when there is nothing to fix."""
    errors: list[FieldError] = []

    name = " ".join(form.name.split())
    if not name:
        errors.append(FieldError("name", "form.error.required"))
    elif len(name) > NAME_MAX:
        errors.append(FieldError("name", "form.error.too_long", {"limit": NAME_MAX}))
    elif name.isdigit():
        # `/campaign status 12` must mean campaign #12, never a campaign named "12".
        errors.append(FieldError("name", "form.error.name_digits"))

    theme = form.theme.strip()
    if len(theme) > THEME_MAX:
        errors.append(FieldError("theme", "form.error.too_long", {"limit": THEME_MAX}))

    objective = _objective(form.objective, errors)
    _required(form.start, "start", errors)
    _required(form.end, "end", errors)
    _check_date_window(form, errors)
    if form.start and form.end and form.end < form.start:
        errors.append(FieldError("end", "form.error.end_before_start"))
    _check_phases(form, errors)
    _required(form.owner_id, "owner", errors)
    _required(form.channel_id, "channel", errors)
    approvers = _approvers(form, errors)

    budget = _amount(form.budget, "budget", errors, required=True, allow_zero=True, whole=False, limit=BUDGET_MAX)
    contingency = _contingency(form.contingency, errors)
    timezone = _timezone(form.timezone, errors)
    language = form.language or None
    if language is not None and language not in CAMPAIGN_LANGUAGES:
        errors.append(FieldError("language", "form.error.language", {"text": language}))

    targets: dict[Metric, Decimal] = {}
    for metric, text in form.kpi_targets.items():
        value = _amount(
            text, f"kpi_{metric.value}", errors, required=False, allow_zero=False,
            whole=metric not in MONEY_METRICS, limit=TARGET_MAX,
        )
        if value is not None:
            targets[metric] = value

    if errors:
        return None, errors
    assert form.start and form.end and form.owner_id and form.channel_id  # guaranteed by the checks above
    assert objective and budget is not None and contingency is not None and timezone
    return (
        CampaignDraft(
            name=name, theme=theme, objective=objective, start=form.start, end=form.end,
            warmup_start=form.warmup_start, burst_start=form.burst_start, longtail_start=form.longtail_start,
            owner_id=form.owner_id, channel_id=form.channel_id, budget=budget, contingency_pct=contingency,
            timezone=timezone, kpi_targets=targets, language=language, approver_ids=approvers,
        ),
        [],
    )


def _required(value: object, field_name: str, errors: list[FieldError]) -> None:
    if not value:
        errors.append(FieldError(field_name, "form.error.required"))


def _approvers(form: CampaignForm, errors: list[FieldError]) -> tuple[str, ...]:
    """The named approvers, each once, in the order picked. The owner is never one of them: signing off one's own
    campaign is what the approval exists to prevent."""
    approvers = tuple(dict.fromkeys(user for user in form.approver_ids if user))
    if any(len(user) > USER_ID_MAX for user in approvers):
        errors.append(FieldError("approvers", "form.error.approver_unknown"))
    elif len(approvers) > APPROVERS_MAX:
        errors.append(FieldError("approvers", "form.error.approvers_too_many", {"limit": APPROVERS_MAX}))
    elif form.owner_id and form.owner_id in approvers:
        errors.append(FieldError("approvers", "form.error.approver_is_owner"))
    return approvers


def _objective(value: str | None, errors: list[FieldError]) -> Objective | None:
    try:
        return Objective(value or "")
    except ValueError:
        errors.append(FieldError("objective", "form.error.required"))
        return None


def _check_date_window(form: CampaignForm, errors: list[FieldError]) -> None:
    """A date picker accepts 1900-01-01 as readily as tomorrow; nothing the bot schedules is meant for then."""
    for field_name, day in (("start", form.start), ("end", form.end), ("warmup_start", form.warmup_start),
                            ("burst_start", form.burst_start), ("longtail_start", form.longtail_start)):
        if day is not None and not FIRST_DATE <= day <= LAST_DATE:
            errors.append(FieldError(field_name, "form.error.date_range",
                                     {"first": FIRST_DATE.isoformat(), "last": LAST_DATE.isoformat()}))


def _check_phases(form: CampaignForm, errors: list[FieldError]) -> None:
    phases = [
        ("warmup_start", form.warmup_start),
        ("burst_start", form.burst_start),
        ("longtail_start", form.longtail_start),
    ]
    previous: tuple[str, date] | None = None
    for field_name, day in phases:
        if day is None:
            continue
        if form.start and form.end and not form.start <= day <= form.end:
            errors.append(FieldError(field_name, "form.error.phase_outside"))
        elif previous and day <= previous[1]:
            errors.append(FieldError(field_name, "form.error.phase_order", {"before": previous[0]}))
        previous = (field_name, day)


def _amount(
    text: str, field_name: str, errors: list[FieldError], *, required: bool, allow_zero: bool, whole: bool,
    limit: Decimal,
) -> Decimal | None:
    text = text.strip()
    if not text:
        if required:
            errors.append(FieldError(field_name, "form.error.required"))
        return None
    try:
        value = parse_amount(text)
    except NotANumber:
        errors.append(FieldError(field_name, "form.error.not_a_number", {"text": text}))
        return None
    if value < 0 or (value == 0 and not allow_zero):
        key = "form.error.negative" if value < 0 else "form.error.not_positive"
        errors.append(FieldError(field_name, key))
        return None
    if whole and value != value.to_integral_value():
        errors.append(FieldError(field_name, "form.error.whole_number"))
        return None
    # normalize(): 1.2345万 is 12345.0000 as a Decimal product, which is a whole number, not "too precise".
    if value.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(FieldError(field_name, "form.error.too_precise"))
        return None
    if value > limit:
        errors.append(FieldError(field_name, "form.error.too_large"))
        return None
    return value


def _contingency(text: str, errors: list[FieldError]) -> int | None:
    text = text.strip().rstrip("%％").strip()
    if not text:
        return DEFAULT_CONTINGENCY
    try:
        value = parse_amount(text)
    except NotANumber:
        errors.append(FieldError("contingency", "form.error.not_a_number", {"text": text}))
        return None
    if value != value.to_integral_value() or not 0 <= value <= CONTINGENCY_MAX:
        errors.append(FieldError("contingency", "form.error.contingency_range", {"limit": CONTINGENCY_MAX}))
        return None
    return int(value)


def _timezone(value: str | None, errors: list[FieldError]) -> str | None:
    if not value:
        errors.append(FieldError("timezone", "form.error.required"))
        return None
    if not is_iana_zone(value):  # "localtime" opens as a zone too, and means whatever the server is set to
        errors.append(FieldError("timezone", "form.error.timezone", {"text": value}))
        return None
    return value


class Phase(StrEnum):
    PREPARATION = "preparation"
    WARMUP = "warmup"
    BURST = "burst"
    LONGTAIL = "longtail"
