MESSAGES = {
    "anomaly.day.title": "📉 Traffic below plan in *{name}* on {day}:",
    "anomaly.day.lagging": "Lagging source: {source}, at {pace} of its usual day.",
    "anomaly.day.silent": "No report: {sources}.",
    "anomaly.day.silent.one": "{source} ({days} day(s))",
    "error.busy": "The bot is saving many changes at this moment and couldn't save yours in time. Nothing was saved — please submit again.",
    "error.after_save": "Your change was saved, but something after it failed (for example updating the message or telling others). Nothing needs to be done again; refresh if what you see looks out of date.",
    "error.after_save.reason": "Your change was saved, but then: {reason}",
    "task.detail.collaborators": "With: {value}",
    "task.detail.deliverable": "Deliverable: {value}",
    "task.detail.notes": "Notes: {value}",
    "form.error.bad_date": "That is not a real date. Pick one from the calendar.",
    "import.offer.gone": "This import offer is no longer valid. Share the file again, or use `/campaign import`.",
}
