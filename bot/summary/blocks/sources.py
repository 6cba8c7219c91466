"""The daily summary's "By source" section (按渠道) and the evening's budget overruns, for campaigns with a plan per
source (`bot.plan.rules.source_plan`). Kept apart from `summary_blocks` so the summary composes it with one line."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from bot.kernel import formatting
from bot.kernel.blockkit.text import SECTION_TEXT_LIMIT, escape, truncate
from bot.kernel.i18n import t
from bot.pace.blocks.marks import pace_mark
from bot.pace.rules.sources import Overrun, SourceKpi, SourceStanding

MONEY = frozenset({"sales", "spend"})


def source_blocks(standings: Sequence[SourceStanding], overruns: Sequence[Overrun], locale: str | None) -> list[Block]:
    """[] when the campaign has no plan per source and nothing went over its budget tonight."""
    blocks: list[Block] = []
    if standings:
        lines = [t("summary.by_source", locale)] + [source_line(item, locale) for item in standings]
        blocks.append(_section("\n".join(lines)))
    if overruns:
        blocks.append(_section("\n".join(overrun_line(item, locale) for item in overruns)))
    return blocks


def source_line(item: SourceStanding, locale: str | None) -> str:
    """`• *Douyin* (30% of the targets): 🟢 Exposure 1,500,000 (104% of its pace) · spend ¥40,000 of ¥150,000 (27%)`"""
    parts = [_kpi(kpi, locale) for kpi in item.kpis]
    parts.append(_spend(item, locale))
    name = escape(item.source.name)
    figures = " · ".join(part for part in parts if part)
    if item.source.share is None:
        return t("summary.by_source.line.unshared", locale, source=name, figures=figures)
    return t("summary.by_source.line", locale, source=name, share=formatting.percent(item.source.share, locale),
             figures=figures)


def _kpi(kpi: SourceKpi, locale: str | None) -> str:
    metric = t(f"reports.field.{kpi.metric}", locale)
    if kpi.actual is None:
        return t("summary.by_source.kpi.none", locale, mark=pace_mark(kpi.standing), metric=metric)
    actual = _value(kpi.metric, kpi.actual, locale)
    if kpi.standing.of_pace is None:
        return t("summary.by_source.kpi.unjudged", locale, mark=pace_mark(kpi.standing), metric=metric,
                 actual=actual)
    return t("summary.by_source.kpi", locale, mark=pace_mark(kpi.standing), metric=metric, actual=actual,
             of_pace=formatting.percent(kpi.standing.of_pace, locale))


def _spend(item: SourceStanding, locale: str | None) -> str:
    budget = item.source.budget
    spent = item.spent
    if budget is None:
        return "" if spent is None else t("summary.by_source.spend.unplanned", locale,
                                          spent=formatting.money(spent, locale))
    if item.over_budget_by is not None:
        return t("summary.by_source.spend.over", locale, spent=formatting.money(spent or Decimal(0), locale),
                 budget=formatting.money(budget, locale), over=formatting.money(item.over_budget_by, locale))
    used = formatting.percent((spent or Decimal(0)) / budget, locale) if budget else "—"
    return t("summary.by_source.spend", locale, spent=formatting.money(spent or Decimal(0), locale),
             budget=formatting.money(budget, locale), used=used)


def overrun_line(item: Overrun, locale: str | None) -> str:
    what = t(f"plan.budget.line.{item.what}", locale) if item.is_line else escape(item.what)
    key = "summary.overrun.first" if item.first else "summary.overrun.worse"
    return t(key, locale, what=what, spent=formatting.money(item.spent, locale),
             planned=formatting.money(item.planned, locale), over=formatting.money(item.over_by, locale))


def _value(metric: str, value: object, locale: str | None) -> str:
    if metric in MONEY:
        return formatting.money(Decimal(value), locale)  # type: ignore[arg-type]
    return formatting.number(value, locale)  # type: ignore[arg-type]


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=truncate(text, SECTION_TEXT_LIMIT)))
