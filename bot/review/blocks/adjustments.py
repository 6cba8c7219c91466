"""The review's "Adjustments" section (调整措施): each adjustment with its cause, owner, date, the budget it moved
and its effect — back on pace or still behind, read from the review's own KPI judgement (at the end, against the
whole target), so the section never contradicts the KPI lines. Shared by the Slack message and the PDF."""

from __future__ import annotations

from collections.abc import Callable

from bot.adjustments.blocks import cause_label, line_label, subject_label
from bot.adjustments.rules import AdjustmentFact, SourceStandings, subject_effect
from bot.kernel import formatting
from bot.kernel.blockkit.text import truncate
from bot.kernel.i18n import t
from bot.pace.rules.pace import PaceStanding
from bot.pace.rules.sources import kpi_standings
from bot.review.rules.subject import ReviewPackage

ADJUSTMENT_SHOWN = 300

Person = Callable[[str], str]
Safe = Callable[[str], str]


def adjustment_lines(package: ReviewPackage, locale: str | None, *, person: Person, safe: Safe) -> list[str]:
    """One line per adjustment, oldest first; empty when none was recorded (the section is then left out)."""
    standings = {kpi.metric: kpi.standing for kpi in package.review.kpis}
    by_source = kpi_standings([result.plan for result in package.review.sources if result.plan is not None])
    return [_line(fact, standings, by_source, locale, person, safe) for fact in package.adjustments]


def _line(fact: AdjustmentFact, standings: dict[str, PaceStanding], by_source: SourceStandings, locale: str | None,
          person: Person, safe: Safe) -> str:
    effects = [t("review.adjustment.effect", locale, subject=subject_label(s, locale, safe=False),
                 effect=t(f"adjustments.effect.{subject_effect(s, standings, by_source).value}", locale))
               for s in fact.subjects]
    budget = ""
    if fact.extra is not None and fact.line:
        budget = t("review.adjustment.budget", locale, amount=formatting.money(fact.extra, locale),
                   line=line_label(fact.line, locale))
    return t("review.adjustment.line", locale, day=formatting.day(fact.recorded_on, locale), id=fact.incident_id,
             cause=cause_label(fact.cause, locale), adjustment=safe(truncate(fact.adjustment, ADJUSTMENT_SHOWN)),
             owner=person(fact.owner_id), due=formatting.day(fact.due, locale), budget=budget,
             effects=formatting.listing(effects, locale) if effects else t("adjustments.effect.none", locale))
