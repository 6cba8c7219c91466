MESSAGES = {
    "reminder.due_before": "⏰ *{title}* ({campaign}) is due in {days} day(s), {when}.",
    "reminder.due_today": "📅 *{title}* ({campaign}) is due today, {when}.",
    "reminder.overdue": "⚠️ *{title}* ({campaign}) was due {when} and is {days} day(s) overdue. Done, or blocked? Tell me below.",
    "reminder.overdue_owner": "⚠️ {owner}'s task *{title}* in *{campaign}* was due {when} and is {days} day(s) overdue.",
    "reminder.milestone_before": "🏁 Milestone *{name}* of *{campaign}* is in {days} day(s), on {day}.",
    "reminder.milestone_today": "🏁 Today is milestone *{name}* of *{campaign}*.",
    "reminder.phase_warmup": "🔥 *{campaign}* enters its warm-up phase (预热期) today.",
    "reminder.phase_burst": "🚀 *{campaign}* enters its burst phase (爆发期) today.",
    "reminder.phase_longtail": "🌊 *{campaign}* enters its long-tail phase (延续期) today.",
    "reminder.campaign_start": "▶️ *{campaign}* starts today and is now running, until {end}. {owner} owns it.",
    "reminder.campaign_end": "⏹️ *{campaign}* ended on {end}; it is now being evaluated (效果评估).",
}
