"""Sign-off (审批) rules that need no Slack and no database: what an approval covers, and what a change to it does."""

from __future__ import annotations

from collections.abc import Mapping

from bot.campaigns.rules.campaign import Metric, Status

# The campaign's fields an approval covers, as the audit log names them (dates, total budget, each KPI target).
SIGNED_OFF = ("start", "end", "budget", *(f"kpi_{metric.value}" for metric in Metric))
# Column names of the campaign table where they differ from the audit log's words.
_COLUMN_WORDS = {"start_date": "start", "end_date": "end"}
# Approved but not started: a change withdraws the approval and the campaign waits again (it does not start).
WITHDRAWN = frozenset({Status.APPROVED, Status.PREPARING})
# Under way: a changed target does not stop a live campaign; its approvers are told what changed.
UNDER_WAY = frozenset({Status.RUNNING, Status.EVALUATING})

# A change is one already in words (the caller formatted it for the approvers), or (field, before, after) with the
# field named as in `SIGNED_OFF` (or any `history.field.*` word) and the values as stored (Decimal, date, None).
Change = str | tuple[str, object, object]


def signed_off_changes(before: Mapping[str, object], after: Mapping[str, object]) -> list[tuple[str, object, object]]:
    """Of a campaign edit's fields (columns and `kpi_*` targets, before and after), the changes an approval covers,
    as (field, before, after) in `SIGNED_OFF` order."""
    found = {}
    for column, new in after.items():
        name = _COLUMN_WORDS.get(column, column)
        if name in SIGNED_OFF and before.get(column) != new:
            found[name] = (name, before.get(column), new)
    return [found[name] for name in SIGNED_OFF if name in found]
