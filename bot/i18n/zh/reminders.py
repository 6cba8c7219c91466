MESSAGES = {
    "reminder.due_before": "⏰ {campaign} 的任务 *{title}* 还有 {days} 天到期，截止时间 {when}。",
    "reminder.due_today": "📅 {campaign} 的任务 *{title}* 今天到期，截止时间 {when}。",
    "reminder.overdue": "⚠️ {campaign} 的任务 *{title}* 原定 {when} 完成，已逾期 {days} 天。是已完成，还是受阻了？请在下方告诉我。",
    "reminder.overdue_owner": "⚠️ *{campaign}* 中 {owner} 的任务 *{title}* 原定 {when} 完成，已逾期 {days} 天。",
    "reminder.milestone_before": "🏁 *{campaign}* 的里程碑 *{name}* 还有 {days} 天，在 {day}。",
    "reminder.milestone_today": "🏁 *{campaign}* 的里程碑 *{name}* 就是今天。",
    "reminder.phase_warmup": "🔥 *{campaign}* 今天进入预热期。",
    "reminder.phase_burst": "🚀 *{campaign}* 今天进入爆发期。",
    "reminder.phase_longtail": "🌊 *{campaign}* 今天进入延续期。",
    "reminder.campaign_start": "▶️ *{campaign}* 今天开始执行，持续到 {end}。负责人：{owner}。",
    "reminder.campaign_end": "⏹️ *{campaign}* 已于 {end} 结束，现进入效果评估阶段。",
}
