"""The 21:00 summary's "Adjustments" section: each KPI (or KPI on a source) with an adjustment, back on pace or
still behind — read from the same standing as the summary's KPI lines (`bot.adjustments.rules.subject_effect`),
so the two never disagree."""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import Block, MarkdownTextObject, SectionBlock

from bot.adjustments.blocks import cause_label, subject_label
from bot.adjustments.rules import AdjustedSubject, SourceStandings, effect_of, subject_standing
from bot.kernel import formatting
from bot.kernel.blockkit.text import fit_lines, mention
from bot.kernel.i18n import t
from bot.pace.blocks.marks import pace_mark
from bot.summary.rules import DailySummary

BLOCK_ID = "summary-adjustments"


def adjustment_section(adjusted: Sequence[AdjustedSubject], summary: DailySummary, locale: str | None,
                       by_source: SourceStandings | None = None) -> list[Block]:
    """One section, or nothing when no adjustment was recorded (or the night has no figures to judge by).
    `by_source`: planned sources against their shares, which judge an adjustment made for one source."""
    if not adjusted or not summary.has_figures:
        return []
    standings = {line.metric: line.standing for line in summary.kpis}
    lines = []
    for item in adjusted:
        standing = subject_standing(item.subject, standings, by_source)
        effect, mark = effect_of(standing), pace_mark(standing)
        subject = subject_label(item.subject, locale, as_in_summary=True)  # as the KPI lines above name it
        lines.append(t("summary.adjustment.line", locale, mark=mark, subject=subject,
                       effect=t(f"adjustments.effect.{effect.value}", locale), cause=cause_label(item.latest.cause,
                                                                                                 locale),
                       owner=mention(item.latest.owner_id), day=formatting.day(item.latest.recorded_on, locale)))
    text = fit_lines(t("summary.adjustments", locale), lines, lambda hidden: t("review.more", locale, count=hidden))
    return [SectionBlock(block_id=BLOCK_ID, text=MarkdownTextObject(text=text))]
