"""The review's channel contribution (渠道贡献) against the plan per source: each source's standing against its
planned share of the targets and its budget (`bot.plan.rules.source_plan`), the same judgement as the summary's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from bot.pace.rules.pace import CampaignPlan
from bot.pace.rules.sources import source_standings
from bot.plan.rules.source_plan import SourceShare
from bot.reports.rules.figures import ReportBook
from bot.review.rules.results import SourceResult


def with_source_plan(results: Sequence[SourceResult], plan: CampaignPlan, book: ReportBook,
                     sources: Sequence[SourceShare], through: date, *, final: bool) -> tuple[SourceResult, ...]:
    """`results` with each planned source's standing; a planned source that never reported is added (it owes its
    whole share). Unchanged without a plan."""
    standings = {item.source.name: item for item in source_standings(
        plan, book, sources, through, today=None if final else through, final=final)}
    if not standings:
        return tuple(results)
    known = {result.source for result in results}
    added = [SourceResult(name, item.cumulative, {}, None) for name, item in standings.items() if name not in known]
    return tuple(replace(result, plan=standings.get(result.source)) for result in [*results, *added])
