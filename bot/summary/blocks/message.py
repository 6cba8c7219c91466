"""The daily summary message in the campaign channel."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from slack_sdk.models.blocks import Block, ContextBlock, DividerBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.adjustments.rules import AdjustedSubject, SourceStandings
from bot.kernel import formatting
from bot.kernel.blockkit.text import PLAIN_TEXT_LIMIT, SECTION_TEXT_LIMIT, escape, truncate
from bot.kernel.i18n import t
from bot.pace.blocks.marks import pace_mark
from bot.pace.blocks.target_lines import goals_section
from bot.pace.rules.target_rates import GoalResult
from bot.reports.rules.figures import FeedbackKind
from bot.summary.blocks.adjustments import adjustment_section
from bot.summary.rules import DailySummary, MetricLine

MONEY = frozenset({"sales", "spend"})


def _value(metric: str, value: object, locale: str | None, *, whole: bool = False) -> str:
    """`whole` for the pace: an expected 1,234.56 visitors reads as 1,235."""
    if value is None:
        return "—"
    if metric in MONEY:
        return formatting.money(Decimal(value), locale, whole=whole)  # type: ignore[arg-type]
    return formatting.number(value, locale, whole=whole)  # type: ignore[arg-type]


def _pct(ratio: Decimal | None, locale: str | None) -> str:
    return "—" if ratio is None else formatting.percent(ratio, locale)


def _metric_name(metric: str, locale: str | None) -> str:
    return t(f"reports.field.{metric}", locale)


def _change(line: MetricLine, locale: str | None) -> str:
    if line.change is None:
        return t("summary.change.none", locale)
    sign = "+" if line.change >= 0 else "−"
    amount = _value(line.metric, abs(line.change), locale)
    return f"{sign}{amount}" + (f", {sign}{_pct(abs(line.change_pct), locale)}" if line.change_pct is not None else "")


def summary_blocks(summary: DailySummary, *, campaign_name: str, missing_sources: Sequence[str],
                   locale: str | None, goals: Sequence[GoalResult] = (),
                   adjustments: Sequence[AdjustedSubject] = (), by_source: Sequence[Block] = (),
                   source_kpis: SourceStandings | None = None) -> list[Block]:
    """`by_source`: the "By source" section and the evening's overruns (`bot.summary.blocks.sources`), if any;
    `source_kpis`: the planned sources against their shares, which judge an adjustment made for one source."""
    day = formatting.day(summary.day, locale)
    if not summary.has_figures:
        return [SectionBlock(text=MarkdownTextObject(text=truncate(_empty_line(summary, campaign_name, missing_sources,
                                                                               locale), SECTION_TEXT_LIMIT)))]

    def section(text: str) -> SectionBlock:
        return SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT)))

    today = [t("summary.today.line", locale, metric=_metric_name(line.metric, locale),
               today=_value(line.metric, line.today, locale), change=_change(line, locale))
             for line in summary.metrics if line.today is not None]
    # While today's sources are still coming in, the pace is judged through an earlier day: say so, with the
    # figure that was judged, so "1,603,100 … 97.9% of pace (1,500,000 expected)" never reads as a contradiction.
    earlier = summary.judged_through is not None and summary.judged_through != summary.day
    kpis = [t("summary.kpi.line.through" if earlier and line.judged is not None else "summary.kpi.line", locale,
              mark=pace_mark(line.standing), metric=_metric_name(line.metric, locale),
              cumulative=_value(line.metric, line.cumulative or 0, locale),
              target=_value(line.metric, line.target, locale), done=_pct(line.done, locale),
              of_pace=_pct(line.of_pace, locale), expected=_value(line.metric, line.expected, locale, whole=True),
              through=formatting.day(summary.judged_through, locale) if earlier else "",
              judged=_value(line.metric, line.judged or 0, locale))
            for line in summary.kpis]
    budget = summary.budget
    money = [t("summary.roi", locale, roi=_pct(summary.roi, locale)) if summary.roi is not None
             else t("summary.roi.none", locale),
             t("summary.conversion", locale, today=_pct(summary.conversion_rate.today, locale),
               cumulative=_pct(summary.conversion_rate.cumulative, locale))]
    if budget.spent is None:
        money.append(t("summary.budget.none", locale))
    else:
        money.append(t("summary.budget", locale, spent=formatting.money(budget.spent, locale),
                       budget=formatting.money(budget.budget, locale), used=_pct(budget.used, locale),
                       remaining=formatting.money(budget.remaining or Decimal(0), locale)))
        if budget.used_of_spendable is not None and budget.used_of_spendable > 1:
            money.append(t("summary.budget.reserve", locale, reserve=formatting.money(budget.contingency, locale)))
    counts = summary.feedback.today
    feedback = [t("summary.feedback", locale, **{kind.value: counts.get(kind, 0) for kind in FeedbackKind})]
    feedback += [t("summary.complaint", locale, text=escape(truncate(item.text, 300)), source=escape(item.source),
                   day=formatting.day(item.day, locale))
                 for item in summary.feedback.newest_complaints]
    reported = [line.source for line in summary.sources if line.reported_today]
    context = [t("summary.sources", locale, sources=escape(", ".join(reported) or "—"))]
    missing = list(summary.missing_sources) if summary.expected_sources else list(missing_sources)
    if summary.expected_sources:
        context.insert(0, t("pace.signals.sources.reported", locale, count=len(summary.expected_sources),
                            reported=summary.reported_count))
    if missing:
        context.append(t("summary.sources.missing", locale, sources=escape(", ".join(missing))))
    if kpis and summary.judged_through is not None and summary.judged_through < summary.day:
        kpis.append(t("pace.signals.kpis.judged_through", locale, day=formatting.day(summary.judged_through, locale)))
    return [
        HeaderBlock(text=truncate(t("summary.title", locale, name=campaign_name), PLAIN_TEXT_LIMIT)),
        ContextBlock(elements=[MarkdownTextObject(text=t(
            "summary.subtitle", locale, day=day, number=summary.day_number, total=summary.total_days,
            pace=_pct(summary.pace_share, locale)))]),
        section(t("summary.today", locale) + "\n" + ("\n".join(today) or t("summary.today.nothing", locale))),
        section(t("summary.kpis", locale) + "\n" + ("\n".join(kpis) or t("summary.kpis.none", locale))),
        *goals_section(goals, locale),  # rates and lifts (bot.pace.blocks.target_lines)
        *adjustment_section(adjustments, summary, locale, source_kpis),
        section(t("summary.money", locale) + "\n" + "\n".join(money)),
        *by_source,
        section("\n".join(feedback)),
        DividerBlock(),
        ContextBlock(elements=[MarkdownTextObject(text=truncate(" · ".join(context), SECTION_TEXT_LIMIT))]),
    ]


def _empty_line(summary: DailySummary, campaign_name: str, missing_sources: Sequence[str], locale: str | None) -> str:
    """A night with no figures: one short line saying who is still to report, no sections, no chart."""
    missing = list(summary.missing_sources) if summary.expected_sources else list(missing_sources)
    line = t("pace.signals.summary.empty", locale, name=escape(campaign_name), day=formatting.day(summary.day, locale))
    if summary.expected_sources:
        line += " " + t("pace.signals.sources.reported", locale, count=len(summary.expected_sources),
                        reported=summary.reported_count)
    if missing:
        line += " · " + t("pace.signals.sources.missing", locale, sources=escape(", ".join(missing)))
    return line
