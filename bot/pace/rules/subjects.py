"""What an adjustment or a below-pace incident is about: a KPI, or a KPI on one source (渠道), kept as text on the
incident and the adjustment."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

SOURCE_MAX = 80  # report_source.name


@dataclass(frozen=True, order=True)
class Subject:
    metric: str
    source: str | None = None

    @property
    def value(self) -> str:
        """The modal option's value: `clicks`, or `clicks:抖音 Douyin` (a metric never holds a colon)."""
        return self.metric if self.source is None else f"{self.metric}:{self.source}"

    @classmethod
    def parse(cls, value: str) -> Subject:
        metric, _, source = value.partition(":")
        return cls(metric, source or None)


def dump_subjects(subjects: Iterable[Subject]) -> str:
    return json.dumps([{"metric": s.metric, "source": s.source} for s in subjects], ensure_ascii=False)


def load_subjects(text: str | None) -> tuple[Subject, ...]:
    try:
        data = json.loads(text) if text else []
    except json.JSONDecodeError:
        return ()
    if not isinstance(data, list):
        return ()
    return tuple(Subject(str(item["metric"]), item.get("source") or None)
                 for item in data if isinstance(item, dict) and item.get("metric"))


def subjects_of_traffic(metrics: Iterable[str], lagging_source: str | None,
                        sources_behind: Iterable[tuple[str, str]] = ()) -> tuple[Subject, ...]:
    """What a below-pace incident names: each KPI behind, and each of them on the lagging source when one stands
    out, and each (metric, source) behind its own share of the pace (the form lets the person keep any of them)."""
    kpis = list(dict.fromkeys(metrics))
    subjects = [Subject(metric) for metric in kpis]
    if lagging_source:
        subjects += [Subject(metric, lagging_source[:SOURCE_MAX]) for metric in kpis]
    subjects += [Subject(metric, source[:SOURCE_MAX]) for metric, source in sources_behind]
    return tuple(dict.fromkeys(subjects))
