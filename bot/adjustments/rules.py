"""Cause → adjustment → checked (README.md, "Using it": "Cause & adjustment"): what a Cause & adjustment form
must say, moving extra budget from the contingency reserve to a line, and whether an adjusted KPI is back on pace.

Pure: no Slack, no database, no clock (the caller passes `today` and the campaign's dates).

- A subject is what an adjustment is about: a KPI (`clicks`), optionally one report source of it (`clicks` on
  `抖音 Douyin`). The below-pace incident names its KPIs and lagging source (`subjects_of_traffic`), which prefill
  the form.
- Extra budget comes out of the contingency line (应急备用金). With no budget lines planned at all the contingency
  line is the campaign's reserve (as the budget-lines modal shows it); once lines are planned it is what the
  Contingency line says (nothing when it was left out).
- The effect is read from the one pace judgement (`bot.pace.rules.pace.standing`) the summary's KPI lines show, so it
  never contradicts them: behind → still behind; on pace or ahead → back on pace; nothing to judge yet → not yet.
  A source subject is judged, for now, by its KPI as a whole (per-source shares of the pace belong to the source
  plan; the integrator will judge a source against its own share once it exists).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from bot.kernel.forms import FieldError
from bot.kernel.numbers import NotANumber, parse_amount
from bot.pace.rules.pace import PaceStanding, PaceStatus
from bot.pace.rules.subjects import Subject
from bot.plan.rules.budget_lines import CENT, LINE_MAX, BudgetLine

TEXT_MAX = 2000
ZERO = Decimal(0)
# Bot-opened pace incidents carry this dedupe key prefix (bot.pace.service.anomalies.INCIDENT_KEY_PREFIX).
PACE_INCIDENT_PREFIX = "anomaly:"


class Cause(StrEnum):
    TRAFFIC = "traffic"  # 流量
    CREATIVE = "creative"  # 创意 / 文案
    CHANNEL = "channel"  # 渠道
    PRICING = "pricing"  # 价格 / 优惠
    STOCK = "stock"  # 库存
    TECHNICAL = "technical"  # 技术
    EXTERNAL = "external"  # 外部因素
    OTHER = "other"


# The lines extra budget may go to: every line but the reserve it comes from.
MOVABLE_LINES: tuple[BudgetLine, ...] = tuple(line for line in BudgetLine if line != BudgetLine.CONTINGENCY)


class Effect(StrEnum):
    BACK_ON_PACE = "back_on_pace"
    STILL_BEHIND = "still_behind"
    NOT_YET = "not_yet"  # nothing judged yet (no report of the KPI, or nothing expected yet)


class AdjustField(StrEnum):
    """Block ids of the Cause & adjustment modal; `response_action: errors` names these."""

    CAUSE = "adjust_cause"
    HAPPENED = "adjust_happened"
    ADJUSTMENT = "adjust_adjustment"
    OWNER = "adjust_owner"
    DUE = "adjust_due"
    SUBJECTS = "adjust_subjects"
    EXTRA = "adjust_extra"
    LINE = "adjust_line"


def needs_cause(*, kind: str, dedupe_key: str | None, adjustments: int) -> bool:
    """Resolving asks for the cause first: a traffic incident the pace check opened, with no cause recorded."""
    return kind == "traffic" and bool(dedupe_key and dedupe_key.startswith(PACE_INCIDENT_PREFIX)) and adjustments == 0


# --- the form ----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class AdjustmentForm:
    """What was typed, as Slack sent it."""

    cause: str | None
    happened: str
    adjustment: str
    owner_id: str | None
    due: date | None
    subjects: tuple[str, ...]
    extra: str
    line: str | None


@dataclass(frozen=True)
class CheckedAdjustment:
    cause: Cause
    happened: str
    adjustment: str
    owner_id: str
    due: date
    subjects: tuple[Subject, ...]
    extra: Decimal | None
    line: BudgetLine | None


@dataclass(frozen=True)
class FormRules:
    """What the campaign allows: its window, today in its time zone, its KPIs and report sources."""

    today: date
    start: date
    end: date
    kpis: Collection[str]
    sources: Collection[str]
    subject_required: bool = False  # a below-pace incident: say which KPI the adjustment is about


def check_adjustment(form: AdjustmentForm, rules: FormRules) -> tuple[CheckedAdjustment | None, list[FieldError]]:
    errors: list[FieldError] = []
    cause = Cause(form.cause) if form.cause in {c.value for c in Cause} else None
    if cause is None:
        errors.append(FieldError(AdjustField.CAUSE, "adjustments.error.cause"))
    happened = _text(form.happened, AdjustField.HAPPENED, errors)
    adjustment = _text(form.adjustment, AdjustField.ADJUSTMENT, errors)
    if not form.owner_id:
        errors.append(FieldError(AdjustField.OWNER, "form.error.required"))
    due = form.due
    if due is None:
        errors.append(FieldError(AdjustField.DUE, "form.error.required"))
    elif due < rules.today:
        errors.append(FieldError(AdjustField.DUE, "adjustments.error.due_past", {"today": rules.today}))
    elif not rules.start <= due <= rules.end:
        errors.append(FieldError(AdjustField.DUE, "adjustments.error.due_outside", {"start": rules.start,
                                                                                    "end": rules.end}))
    subjects = tuple(dict.fromkeys(Subject.parse(value) for value in form.subjects))
    unknown = [s for s in subjects if s.metric not in rules.kpis or (s.source and s.source not in rules.sources)]
    if unknown:
        errors.append(FieldError(AdjustField.SUBJECTS, "adjustments.error.subject_gone"))
    elif rules.subject_required and not subjects:
        errors.append(FieldError(AdjustField.SUBJECTS, "adjustments.error.subject_required"))
    extra, line = _extra(form, errors)
    if errors or cause is None or due is None or not form.owner_id:
        return None, errors
    return CheckedAdjustment(cause, happened, adjustment, form.owner_id, due, subjects, extra, line), []


def _text(value: str, field: str, errors: list[FieldError]) -> str:
    text = value.strip()
    if not text:
        errors.append(FieldError(field, "form.error.required"))
    elif len(text) > TEXT_MAX:
        errors.append(FieldError(field, "form.error.too_long", {"limit": TEXT_MAX}))
    return text


def _extra(form: AdjustmentForm, errors: list[FieldError]) -> tuple[Decimal | None, BudgetLine | None]:
    text = form.extra.strip()
    if not text:
        return None, None  # a line chosen without an amount moves nothing
    try:
        amount = parse_amount(text)
    except NotANumber:
        errors.append(FieldError(AdjustField.EXTRA, "form.error.not_a_number", {"text": text}))
        return None, None
    line = BudgetLine(form.line) if form.line in {m.value for m in MOVABLE_LINES} else None
    if line is None:
        errors.append(FieldError(AdjustField.LINE, "adjustments.error.line_required"))
    if amount <= 0:
        errors.append(FieldError(AdjustField.EXTRA, "adjustments.error.extra_not_positive"))
    elif amount.normalize().as_tuple().exponent < -2:  # type: ignore[operator]
        errors.append(FieldError(AdjustField.EXTRA, "form.error.too_precise"))
    elif amount > LINE_MAX:
        errors.append(FieldError(AdjustField.EXTRA, "form.error.too_large"))
    else:
        return amount.quantize(CENT), line
    return None, line


# --- extra budget ------------------------------------------------------------------------------------------------

def contingency_left(plan: Mapping[BudgetLine, Decimal], reserve: Decimal) -> Decimal:
    """What the contingency line holds now: the reserve while no line is planned, else its planned amount."""
    if not plan:
        return reserve
    return plan.get(BudgetLine.CONTINGENCY, ZERO)


def move_from_contingency(plan: Mapping[BudgetLine, Decimal], reserve: Decimal, amount: Decimal, line: BudgetLine
                          ) -> tuple[dict[BudgetLine, Decimal] | None, list[FieldError]]:
    """The plan with `amount` moved from the contingency line to `line`; refused on the Extra budget field when the
    contingency holds less (saying how much is left). The budget's total is unchanged."""
    left = contingency_left(plan, reserve)
    if amount > left:
        return None, [FieldError(AdjustField.EXTRA, "adjustments.error.over_contingency", {"left": left})]
    moved = dict(plan)
    moved[BudgetLine.CONTINGENCY] = left - amount
    moved[line] = moved.get(line, ZERO) + amount
    return moved, []


# --- checking the effect -----------------------------------------------------------------------------------------

def effect_of(standing: PaceStanding | None) -> Effect:
    if standing is None or standing.status == PaceStatus.UNKNOWN:
        return Effect.NOT_YET
    return Effect.STILL_BEHIND if standing.behind else Effect.BACK_ON_PACE


SourceStandings = Mapping[tuple[str, str], PaceStanding]  # (metric, source) → the source against its own share


def subject_standing(subject: Subject, standings: Mapping[str, PaceStanding],
                     by_source: SourceStandings | None = None) -> PaceStanding | None:
    """A KPI by its own standing; a KPI on one source by that source against its planned share of the pace (the
    same judgement as its line in the summary's "By source"), else — a source without a share — by the KPI's."""
    if subject.source is not None and by_source and (subject.metric, subject.source) in by_source:
        return by_source[(subject.metric, subject.source)]
    return standings.get(subject.metric)


def subject_effect(subject: Subject, standings: Mapping[str, PaceStanding],
                   by_source: SourceStandings | None = None) -> Effect:
    return effect_of(subject_standing(subject, standings, by_source))


@dataclass(frozen=True)
class AdjustmentFact:
    """One recorded adjustment, as the summary and the review read it."""

    id: int
    incident_id: int
    cause: str
    happened: str
    adjustment: str
    owner_id: str
    due: date
    recorded_on: date  # the campaign's day it was recorded
    subjects: tuple[Subject, ...]
    extra: Decimal | None = None
    line: str | None = None


@dataclass(frozen=True)
class AdjustedSubject:
    """One subject with the latest adjustment made for it (the summary says one line per subject)."""

    subject: Subject
    latest: AdjustmentFact
    count: int


def adjusted_subjects(facts: Sequence[AdjustmentFact]) -> list[AdjustedSubject]:
    """Each subject once, with its latest adjustment, in the order subjects were first adjusted."""
    latest: dict[Subject, AdjustmentFact] = {}
    counts: dict[Subject, int] = {}
    for fact in sorted(facts, key=lambda f: (f.recorded_on, f.id)):
        for subject in fact.subjects:
            latest[subject] = fact
            counts[subject] = counts.get(subject, 0) + 1
    return [AdjustedSubject(subject, fact, counts[subject]) for subject, fact in latest.items()]
