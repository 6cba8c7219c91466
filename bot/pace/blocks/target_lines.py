"""One line per rate, lift or extra-total target (bot.pace.rules.target_rates), for every surface that shows them:
the 21:00 summary, App Home, the review (Slack and PDF), compare, the export; and the lines of a targets change.

Marks come from `bot.pace.blocks.marks`: met is the green of "on pace", not met the red of "behind", not judged
the white of "unknown", so a target reads the same everywhere."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from bot.campaigns.rules.campaign import MONEY_METRICS, Metric
from bot.kernel import formatting
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, truncate
from bot.kernel.i18n import t
from bot.pace.blocks.marks import MARKS, pace_mark, pace_word
from bot.pace.rules.pace import PaceStatus
from bot.pace.rules.target_rates import GoalResult, TargetStatus
from bot.plan.rules.targets import HUNDRED, PERCENT_GOALS, Goal, GoalKind, GoalTarget, TargetChange

STATUS_MARKS: dict[TargetStatus, str] = {
    TargetStatus.MET: MARKS[PaceStatus.ON_PACE],
    TargetStatus.NOT_MET: MARKS[PaceStatus.BEHIND],
    TargetStatus.NOT_JUDGED: MARKS[PaceStatus.UNKNOWN],
}


def goal_name(goal: Goal, locale: str | None) -> str:
    return t(f"plan.targets.goal.{goal.value}", locale)


def status_mark(result: GoalResult) -> str:
    if result.goal is Goal.NEW_MEMBERS:
        return pace_mark(result.pace)
    return STATUS_MARKS[result.status]


def status_word(result: GoalResult, locale: str | None) -> str:
    if result.goal is Goal.NEW_MEMBERS:
        return pace_word(result.pace, locale)  # a total is held to the pace, as the KPI lines say
    return t(f"plan.targets.status.{result.status.value}", locale)


def _pct(value: Decimal | None, locale: str | None) -> str:
    return "—" if value is None else formatting.percent(value, locale)


def _signed(value: Decimal | None, locale: str | None) -> str:
    if value is None:
        return "—"
    return ("+" if value >= 0 else "") + formatting.percent(value, locale)


def actual_text(result: GoalResult, locale: str | None) -> str:
    """The measured value alone: 35%, ¥280, +12%, 3,000."""
    if result.actual is None:
        return "—"
    if result.goal is Goal.NEW_MEMBERS:
        return formatting.number(result.actual, locale)
    if result.goal is Goal.AVERAGE_ORDER_VALUE:
        return formatting.money(Decimal(result.actual).quantize(Decimal("0.01")), locale)
    if result.kind is GoalKind.LIFT:
        return _signed(Decimal(result.actual), locale)
    return _pct(Decimal(result.actual), locale)


def target_text(goal: Goal, target: Decimal, locale: str | None, *, fraction: bool = True) -> str:
    """The target as people read it: ≥ 40%, ≥ ¥300, +30%, 10,000. `fraction`: a %-target given as 0.4, else 40."""
    if goal is Goal.NEW_MEMBERS:
        return formatting.number(target, locale)
    if goal is Goal.AVERAGE_ORDER_VALUE:
        return "≥ " + formatting.money(target, locale)
    share = target if fraction else target / HUNDRED
    if goal in (Goal.BRAND_SEARCHES, Goal.REPURCHASE_RATE):
        return "+" + formatting.percent(share, locale)
    return "≥ " + formatting.percent(share, locale)


def baseline_text(goal: Goal, baseline: Decimal | None, locale: str | None, *, fraction: bool = True) -> str:
    if baseline is None:
        return "—"
    if goal is Goal.REPURCHASE_RATE:
        return formatting.percent(baseline if fraction else baseline / HUNDRED, locale)
    return t("plan.targets.per_day", locale, value=formatting.number(baseline, locale))


def goal_line(result: GoalResult, locale: str | None) -> str:
    """`🔴 New-customer share: 35% (target ≥ 40%)` and its kin."""
    mark, name = status_mark(result), goal_name(result.goal, locale)
    target = target_text(result.goal, result.target, locale)
    if result.goal is Goal.NEW_MEMBERS:
        done = None if result.actual is None or not result.target else Decimal(result.actual) / result.target
        return t("plan.targets.line.total", locale, mark=mark, goal=name, actual=actual_text(result, locale),
                 target=target, done=_pct(done, locale))
    if result.kind is GoalKind.LIFT:
        measured = "—" if result.measured is None else (
            formatting.percent(result.measured, locale) if result.goal is Goal.REPURCHASE_RATE
            else t("plan.targets.per_day", locale, value=formatting.number(result.measured, locale, whole=True)))
        return t("plan.targets.line.lift", locale, mark=mark, goal=name, actual=actual_text(result, locale),
                 measured=measured, baseline=baseline_text(result.goal, result.baseline, locale), target=target)
    return t("plan.targets.line.rate", locale, mark=mark, goal=name, actual=actual_text(result, locale), target=target)


def goal_cell(result: GoalResult, locale: str | None) -> str:
    """The measure and the target without the goal's name, for a table that names it in its row: compare."""
    return t("plan.targets.cell", locale, mark=status_mark(result), actual=actual_text(result, locale),
             target=target_text(result.goal, result.target, locale), status=status_word(result, locale))


def goal_lines(results: Sequence[GoalResult], locale: str | None) -> list[str]:
    return [goal_line(result, locale) for result in results]


def goals_section(results: Sequence[GoalResult], locale: str | None) -> list[Block]:
    """The summary's and review's own section of these lines; nothing when the campaign sets none."""
    if not results:
        return []
    text = t("plan.targets.section", locale) + "\n" + "\n".join(goal_lines(results, locale))
    return [SectionBlock(block_id="targets", text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT)))]


def _set_text(name: str, value: Decimal | GoalTarget | None, locale: str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, GoalTarget):
        shown = target_text(value.goal, value.target, locale, fraction=value.goal not in PERCENT_GOALS)
        if value.baseline is not None:
            shown += " " + t("plan.targets.change.baseline", locale, baseline=baseline_text(
                value.goal, value.baseline, locale, fraction=False))
        return shown
    if Metric(name) in MONEY_METRICS:
        return formatting.money(value, locale)
    return formatting.number(value, locale)


def change_line(change: TargetChange, locale: str | None) -> str:
    """`Sales: ¥2,000,000 → ¥2,500,000`."""
    return t("plan.targets.change", locale, name=t(f"plan.targets.goal.{change.name}", locale),
             before=_set_text(change.name, change.before, locale),
             after=_set_text(change.name, change.after, locale))


def change_lines(changes: Sequence[TargetChange], locale: str | None) -> list[str]:
    return [change_line(change, locale) for change in changes]
