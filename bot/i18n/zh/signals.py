"""可信的信号：统一的进度判断，以及当日的上报情况。"""

MESSAGES = {
    "signals.status.ahead": "领先进度",
    "signals.status.on_pace": "符合进度",
    "signals.status.behind": "落后进度",
    "signals.status.unknown": "暂无法判断",
    "signals.status.ahead.final": "超额完成",
    "signals.status.on_pace.final": "达成目标",
    "signals.status.behind.final": "未达目标",
    "signals.status.unknown.final": "从未填报",
    "signals.sources.reported.one": "{count} 个渠道中已有 {reported} 个上报",
    "signals.sources.reported.other": "{count} 个渠道中已有 {reported} 个上报",
    "signals.sources.missing": "未上报：{sources}",
    "signals.summary.empty": "*{name}* · {day}：今日尚无数据上报。",
    "signals.kpis.judged_through": "进度判断截至 {day}：今日数据待所有渠道上报后计入。",
    "review.finding.kpi_ahead": "{metric}领先进度：进度达成 {pace}，目前完成目标的 {ratio}。",
    "review.finding.kpi_on_pace": "{metric}符合进度：进度达成 {pace}，目前完成目标的 {ratio}。",
    "review.finding.kpi_behind": "{metric}落后进度：进度达成 {pace}，目前仅完成目标的 {ratio}。",
    "review.kpi.line.so_far": "{mark} {metric}：{actual} / 目标 {target}（完成 {attained}）· 进度达成 {pace}，{status}",
    "home.campaign.kpi.pace": "{mark} {metric}：{status} · 进度达成 {pace} · 完成 {attained}（{actual}，目标 {target}）",
    "compare.kpi.pace": "{mark} {attained} · 完成 {actual}，目标 {target} · {status}",
}
