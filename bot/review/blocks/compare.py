"""`/campaign compare A B`: two campaigns' reviews side by side, as two-column section fields."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from slack_sdk.models.blocks import Block, ContextBlock, HeaderBlock, MarkdownTextObject, SectionBlock

from bot.kernel import formatting
from bot.kernel.blockkit.text import PLAIN_TEXT_LIMIT, SECTION_TEXT_LIMIT, escape, truncate
from bot.kernel.i18n import t
from bot.pace.blocks.marks import pace_mark, pace_word
from bot.pace.blocks.target_lines import goal_cell, goal_name
from bot.plan.rules.targets import Goal
from bot.review.blocks.lines import metric_name, pct, span, value
from bot.review.rules import CompareRow, KpiResult, ReviewPackage, compare_reviews

FIELD_LIMIT = 2000  # Slack's limit for one section field
LEAD = " 🏆"


def compare_fallback(first: ReviewPackage, second: ReviewPackage, locale: str | None) -> str:
    return t("review.compare.fallback", locale, first=escape(first.subject.name), second=escape(second.subject.name))


def compare_blocks(first: ReviewPackage, second: ReviewPackage, locale: str | None) -> list[Block]:
    def column(package: ReviewPackage) -> str:
        subject = package.subject
        state = t(f"campaigns.status.{subject.status}", locale)
        dates = formatting.day_range(subject.start, subject.end, locale)
        return truncate(f"*{escape(subject.name)}*\n{state} · {dates}", FIELD_LIMIT)

    blocks: list[Block] = [
        HeaderBlock(text=truncate(t("review.compare.title", locale), PLAIN_TEXT_LIMIT)),
        SectionBlock(fields=[MarkdownTextObject(text=column(first)), MarkdownTextObject(text=column(second))]),
    ]
    for row in compare_reviews(first.review, second.review):
        blocks.append(SectionBlock(
            text=MarkdownTextObject(text=truncate(f"*{_label(row, locale)}*", SECTION_TEXT_LIMIT)),
            fields=[MarkdownTextObject(text=_cell(row, 1, locale)), MarkdownTextObject(text=_cell(row, 2, locale))],
        ))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t("review.compare.footer", locale))]))
    return blocks


def _label(row: CompareRow, locale: str | None) -> str:
    if row.key == "kpi" and row.metric:
        return t("review.compare.row.kpi", locale, metric=metric_name(row.metric, locale))
    if row.key == "goal" and row.metric:
        return goal_name(Goal(row.metric), locale)
    return t(f"review.compare.row.{row.key}", locale)


def _cell(row: CompareRow, side: int, locale: str | None) -> str:
    shown: Decimal | timedelta | None = row.first if side == 1 else row.second
    if row.key == "kpi":
        kpi: KpiResult | None = row.first_kpi if side == 1 else row.second_kpi
        if kpi is None:
            text = t("review.compare.no_target", locale)
        else:
            text = t("review.compare.kpi.pace", locale, mark=pace_mark(kpi.standing), attained=pct(kpi.attained,
                                                                                                   locale),
                     actual=value(kpi.metric, kpi.actual, locale), target=value(kpi.metric, kpi.target, locale),
                     status=pace_word(kpi.standing, locale))
    elif row.key == "goal":
        goal = row.first_goal if side == 1 else row.second_goal
        text = t("review.compare.no_target", locale) if goal is None else goal_cell(goal, locale)
    elif isinstance(shown, timedelta) or row.key in ("mtta", "mttr"):
        text = span(shown if isinstance(shown, timedelta) else None, locale)
    else:
        text = pct(shown if isinstance(shown, Decimal) else None, locale)
    return text + (LEAD if row.leader == side else "")
