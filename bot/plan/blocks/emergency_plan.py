"""The emergency plan (应急预案) in the reader's words: the kinds of problem and their severity tiers."""

from __future__ import annotations

from bot.kernel.blockkit.text import escape
from bot.kernel.i18n import t
from bot.plan.rules.emergency_plan import IncidentKind, Severity


def kind_label(kind: str, locale: str | None) -> str:
    return t(f"incidents.kind.{kind}", locale) if kind in _KINDS else escape(kind)


def severity_label(severity: str, locale: str | None) -> str:
    return t(f"incidents.severity.{severity}", locale) if severity in _SEVERITIES else escape(severity)


_KINDS = frozenset(kind.value for kind in IncidentKind)


_SEVERITIES = frozenset(severity.value for severity in Severity)
