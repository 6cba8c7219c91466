"""The review (复盘) in words: one titled list of lines per section, in the reader's language.

Shared by the Slack message (`bot.review.blocks.message`) and the PDF (`bot.review.render.pdf`), so both say
the same thing. They differ only in how a person and user text appear: Slack gets mentions and escaped text,
the PDF gets names and text as typed; the caller passes both functions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from bot.campaigns.rules.campaign import Metric
from bot.kernel import formatting
from bot.kernel.blockkit.text import truncate
from bot.kernel.i18n import t
from bot.pace.blocks.marks import pace_mark, pace_word
from bot.pace.blocks.target_lines import goal_lines, goal_name
from bot.pace.rules.pace import PaceStanding
from bot.plan.blocks.emergency_plan import kind_label
from bot.plan.rules.budget_lines import BudgetLine
from bot.plan.rules.targets import Goal
from bot.reports.rules.figures import FeedbackKind, Number
from bot.review.blocks.adjustments import adjustment_lines
from bot.review.blocks.follow_through import follow_through_sections
from bot.review.blocks.milestones import milestone_lines
from bot.review.rules import Finding, Review
from bot.review.rules.results import SourceResult
from bot.review.rules.subject import ReviewPackage

MONEY = frozenset({"sales", "spend"})
COMMENT_SHOWN = 300
TITLE_SHOWN = 200
LESSON_SHOWN = 600
SOURCE_FIGURES = ("sales", "conversions", "exposure")

Person = Callable[[str], str]
Safe = Callable[[str], str]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    lines: tuple[str, ...]


def value(metric: str, amount: Number | Decimal | None, locale: str | None) -> str:
    if amount is None:
        return "—"
    if metric in MONEY:
        return formatting.money(Decimal(amount), locale)
    return formatting.number(amount, locale)


def pct(ratio: Decimal | None, locale: str | None) -> str:
    return "—" if ratio is None else formatting.percent(ratio, locale)


def span(duration: timedelta | None, locale: str | None) -> str:
    return "—" if duration is None else formatting.duration(duration, locale)


def metric_name(metric: str, locale: str | None) -> str:
    known = {m.value for m in Metric}
    return t(f"campaigns.kpi.{metric}", locale) if metric in known else t(f"reports.field.{metric}", locale)


def mark(standing: PaceStanding | None) -> str:
    """The KPI's mark from its one judgement (`bot.pace.blocks.marks`), never from a percentage of its own."""
    return pace_mark(standing)


def line_name(line: BudgetLine, locale: str | None) -> str:
    return t(f"plan.budget.line.{line.value}", locale)


def review_sections(package: ReviewPackage, locale: str | None, *, person: Person, safe: Safe) -> list[Section]:
    review = package.review
    sections = [
        Section("overview", t("review.section.overview", locale), tuple(_overview(package, locale, person, safe))),
        Section("kpis", t("review.section.kpis", locale), tuple(_kpis(review, locale))),
        # rates and lifts (bot.pace.blocks.target_lines), only for a campaign that sets them
        *([Section("targets", t("plan.targets.title", locale), tuple(goal_lines(review.goals, locale)))]
          if review.goals else []),
        Section("money", t("review.section.money", locale), tuple(_money(review, locale))),
        Section("budget", t("review.section.budget", locale), tuple(_budget(review, locale))),
        Section("sources", t("review.section.sources", locale), tuple(_sources(review, locale, safe))),
        Section("feedback", t("review.section.feedback", locale), tuple(_feedback(review, locale, safe))),
        *_complaints(review, locale),
        Section("tasks", t("review.section.tasks", locale), tuple(_tasks(package, locale, person, safe))),
        Section("milestones", t("review.section.milestones", locale),
                tuple(milestone_lines(review, locale, person, safe))),
        Section("incidents", t("review.section.incidents", locale), tuple(_incidents(package, locale, safe))),
        Section("worked", t("review.section.worked", locale),
                tuple(finding_text(f, locale, safe) for f in review.worked) or (t("review.none", locale),)),
        Section("fell_short", t("review.section.fell_short", locale),
                tuple(finding_text(f, locale, safe) for f in review.fell_short) or (t("review.none", locale),)),
    ]
    sections += [Section(*part) for part in follow_through_sections(package, locale, safe=safe)]
    sections += [Section("adjustments", t("review.section.adjustments", locale), tuple(lines))
                 for lines in [adjustment_lines(package, locale, person=person, safe=safe)] if lines]
    if review.lessons:
        sections.append(Section("lessons", t("review.section.lessons", locale),
                                tuple(_lessons(review, locale, person, safe))))
    return sections


def subtitle(package: ReviewPackage, locale: str | None) -> str:
    review, subject = package.review, package.subject
    dates = formatting.day_range(subject.start, subject.end, locale)
    if review.final:
        return t("review.subtitle.final", locale, dates=dates, days=review.total_days,
                 status=t(f"campaigns.status.{subject.status}", locale))
    return t("review.subtitle.so_far", locale, dates=dates, day=formatting.day(review.through, locale),
             number=review.day_number, total=review.total_days)


def _overview(package: ReviewPackage, locale: str | None, person: Person, safe: Safe) -> list[str]:
    subject = package.subject
    lines = [t("review.overview.goal", locale, objective=t(f"campaigns.objective.{subject.objective}", locale))]
    if subject.theme:
        lines.append(t("review.overview.theme", locale, theme=safe(truncate(subject.theme, 500))))
    lines.append(t("review.overview.dates", locale, dates=formatting.day_range(subject.start, subject.end, locale),
                   zone=subject.timezone))
    lines.append(t("review.overview.people", locale, owner=person(subject.owner_id),
                   task_owners=len(subject.task_owners), reporters=len(subject.reporters)))
    return lines


def _kpis(review: Review, locale: str | None) -> list[str]:
    if not review.kpis:
        return [t("review.kpis.none", locale)]
    return [t("review.kpi.line" if kpi.standing.final or review.final else "review.kpi.line.so_far", locale,
              mark=mark(kpi.standing), metric=metric_name(kpi.metric, locale),
              actual=value(kpi.metric, kpi.actual, locale), target=value(kpi.metric, kpi.target, locale),
              attained=pct(kpi.attained, locale), pace=pct(kpi.standing.of_pace, locale),
              status=pace_word(kpi.standing, locale, short=True))
            for kpi in review.kpis]


def _money(review: Review, locale: str | None) -> list[str]:
    totals, budget = review.totals, review.budget
    lines = [
        t("review.roi", locale, roi=pct(review.roi, locale), sales=value("sales", totals.sales, locale),
          spend=value("spend", totals.spend, locale)) if review.roi is not None else t("review.roi.none", locale),
        t("review.conversion", locale, rate=pct(review.conversion_rate, locale)),
    ]
    if budget.spent is None:
        lines.append(t("review.budget.none", locale, budget=formatting.money(budget.budget, locale)))
    else:
        lines.append(t("review.budget.used", locale, spent=formatting.money(budget.spent, locale),
                       budget=formatting.money(budget.budget, locale), used=pct(budget.used, locale),
                       remaining=formatting.money(budget.remaining or Decimal(0), locale),
                       reserve=formatting.money(budget.contingency, locale)))
    return lines


def _budget(review: Review, locale: str | None) -> list[str]:
    budget = review.budget
    lines = []
    for line in budget.lines:
        name = line_name(line.line, locale)
        if line.planned is None:
            lines.append(t("review.line.unplanned", locale, line=name, actual=formatting.money(line.actual, locale)))
            continue
        warning = " ⚠️" if line.used is not None and line.used > 1 else ""
        lines.append(t("review.line", locale, line=name, actual=formatting.money(line.actual, locale),
                       planned=formatting.money(line.planned, locale), used=pct(line.used, locale)) + warning)
    if budget.planned_total is None:
        lines.append(t("review.lines.no_plan", locale))
    elif budget.unallocated:
        lines.append(t("review.lines.unallocated", locale, amount=formatting.money(budget.unallocated, locale)))
    return lines


def _sources(review: Review, locale: str | None, safe: Safe) -> list[str]:
    if not review.sources:
        return [t("review.sources.none", locale)]
    lines = []
    for source in review.sources:
        parts = [t("review.source.figure", locale, metric=metric_name(name, locale),
                   value=value(name, source.figures.value(name), locale), share=pct(source.shares.get(name), locale))
                 for name in SOURCE_FIGURES if source.figures.value(name) is not None]
        if source.figures.spend is not None:
            parts.append(t("review.source.spend", locale, spend=formatting.money(source.figures.spend, locale),
                           roi=pct(source.roi, locale)))
        parts += _source_plan(source, locale)
        lines.append(t("review.source.line", locale, source=safe(source.source),
                       figures=" · ".join(parts) or t("review.source.empty", locale)))
    return lines


def _source_plan(source: SourceResult, locale: str | None) -> list[str]:
    """The source against its planned share (its worst KPI, marked like every other surface) and its budget."""
    if source.plan is None:
        return []
    parts = []
    worst = source.plan.worst
    share = source.plan.source.share
    if share is not None:
        key = "review.source.plan.target" if worst is not None and worst.standing.final else "review.source.plan.pace"
        parts.append(t(key, locale, share=pct(share, locale), mark=pace_mark(None if worst is None else worst.standing),
                       of_pace=pct(None if worst is None else worst.standing.of_pace, locale)))
    budget = source.plan.source.budget
    if budget is not None:
        parts.append(t("review.source.plan.budget", locale, budget=formatting.money(budget, locale),
                       used=pct((source.plan.spent or Decimal(0)) / budget if budget else None, locale)))
    return parts


def _feedback(review: Review, locale: str | None, safe: Safe) -> list[str]:
    counts = review.feedback.counts
    lines = [t("review.feedback.counts", locale, **{kind.value: counts.get(kind, 0) for kind in FeedbackKind})]
    for kind in (FeedbackKind.COMPLAINT, FeedbackKind.SUGGESTION, FeedbackKind.PRAISE):
        for comment in review.feedback.comments.get(kind, ()):
            times = t("review.feedback.times", locale, count=comment.count) if comment.count > 1 else ""
            lines.append(t("review.feedback.comment", locale, kind=t(f"reports.feedback.{kind.value}", locale),
                           text=safe(truncate(" ".join(comment.text.split()), COMMENT_SHOWN)), times=times,
                           source=safe(comment.source), day=formatting.day(comment.day, locale)))
    return lines


def _complaints(review: Review, locale: str | None) -> list[Section]:
    """Complaint items followed through: resolved within their response time, out of all of them; no section
    for a campaign that had none."""
    complaints = review.complaints
    if complaints is None or not complaints.total:
        return []
    lines = [t("review.complaints.on_time", locale, on_time=complaints.resolved_on_time, total=complaints.total)]
    if complaints.open:
        lines.append(t("review.complaints.open", locale, count=complaints.open, overdue=complaints.overdue))
    return [Section("complaints", t("review.section.complaints", locale), tuple(lines))]


def _tasks(package: ReviewPackage, locale: str | None, person: Person, safe: Safe) -> list[str]:
    tasks = package.review.tasks
    if not tasks.total:
        return [t("review.tasks.none", locale)]
    lines = [t("review.tasks.rate", locale, rate=pct(tasks.on_time_rate, locale), on_time=tasks.done_on_time,
               due=tasks.due, done=tasks.done, total=tasks.total, late=tasks.done_late,
               overdue=len(tasks.overdue))]
    if tasks.overdue:
        lines.append(t("review.tasks.overdue", locale))
        lines += [t("review.tasks.overdue.line", locale, title=safe(truncate(task.title, TITLE_SHOWN)),
                    owner=person(task.owner_id) if task.owner_id else t("tasks.unassigned", locale),
                    due=formatting.due(task.due_at, package.subject.timezone, locale))
                  for task in tasks.overdue]
    return lines


def _incidents(package: ReviewPackage, locale: str | None, safe: Safe) -> list[str]:
    incidents = package.review.incidents
    if not incidents.count:
        return [t("review.incidents.none", locale)]
    lines = [t("review.incidents.counts", locale, count=incidents.count, unresolved=incidents.unresolved,
               escalated=incidents.escalated, late=incidents.acknowledged_late),
             t("review.incidents.times", locale, mtta=span(incidents.mtta, locale), mttr=span(incidents.mttr, locale))]
    longest = incidents.longest
    if longest is not None:
        key = "review.incidents.longest.open" if longest.resolved_at is None else "review.incidents.longest"
        lines.append(t(key, locale, id=longest.id, kind=kind_label(longest.kind, locale),
                       description=safe(truncate(" ".join(longest.description.split()), COMMENT_SHOWN)),
                       duration=span(incidents.longest_duration, locale)))
    return lines


def _lessons(review: Review, locale: str | None, person: Person, safe: Safe) -> list[str]:
    lines = []
    for lesson in review.lessons:
        parts = [t(f"review.lesson.{name}", locale, text=safe(truncate(" ".join(text.split()), LESSON_SHOWN)))
                 for name, text in (("worked", lesson.worked), ("fell_short", lesson.fell_short),
                                    ("next_time", lesson.next_time)) if text.strip()]
        lines.append(t("review.lesson.line", locale, author=person(lesson.author_id), parts=" · ".join(parts)))
    return lines


def finding_text(finding: Finding, locale: str | None, safe: Safe) -> str:
    """One finding in words; every value formatted for the reader, user text (a source name) made safe."""
    params: dict[str, object] = {}
    if finding.key.startswith("goal_") and finding.metric is not None:
        params["goal"] = goal_name(Goal(finding.metric), locale)  # a rate, a lift or new members
    elif finding.metric is not None:
        params["metric"] = metric_name(finding.metric, locale)
    if finding.ratio is not None:
        params["ratio"] = pct(finding.ratio, locale)
    if finding.pace is not None or finding.key in ("kpi_ahead", "kpi_on_pace", "kpi_behind"):
        params["pace"] = pct(finding.pace, locale)
    if finding.money is not None:
        params["money"] = formatting.money(finding.money, locale)
    if finding.count is not None:
        params["count"] = formatting.number(finding.count, locale)
    if finding.other is not None:
        params["other"] = formatting.number(finding.other, locale)
    if finding.source is not None:
        params["source"] = safe(finding.source)
    if finding.line is not None:
        params["line"] = line_name(finding.line, locale)
    key = f"review.finding.{finding.key}"
    if finding.key == "roi":
        key += ".positive" if finding.ratio is not None and finding.ratio > 0 else ".negative"
    elif finding.key == "top_source":
        key += f".{finding.metric}"
    return t(key, locale, **params)
