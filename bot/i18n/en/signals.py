"""Signals a team can trust: the one pace judgement in words, and the reporting state of the day."""

MESSAGES = {
    "signals.status.ahead": "ahead of pace",
    "signals.status.on_pace": "on pace",
    "signals.status.behind": "behind pace",
    "signals.status.unknown": "not judged yet",
    "signals.status.ahead.final": "target beaten",
    "signals.status.on_pace.final": "target met",
    "signals.status.behind.final": "target missed",
    "signals.status.unknown.final": "never reported",
    "signals.sources.reported.one": "{reported} of {count} source reported",
    "signals.sources.reported.other": "{reported} of {count} sources reported",
    "signals.sources.missing": "missing: {sources}",
    "signals.summary.empty": "*{name}* · {day}: no figures reported yet.",
    "signals.kpis.judged_through": "Pace judged through {day}: today counts once every source has reported.",
    "review.finding.kpi_ahead": "{metric} is ahead of pace: {pace} of pace, {ratio} of its target so far.",
    "review.finding.kpi_on_pace": "{metric} is on pace: {pace} of pace, {ratio} of its target so far.",
    "review.finding.kpi_behind": "{metric} is behind pace: {pace} of pace, {ratio} of its target so far.",
    "review.kpi.line.so_far": "{mark} {metric}: {actual} of {target} ({attained}) · {pace} of pace, {status}",
    "home.campaign.kpi.pace": "{mark} {metric}: {status} · {pace} of pace · {attained} ({actual} of {target})",
    "compare.kpi.pace": "{mark} {attained} · {actual} of {target} · {status}",
}
