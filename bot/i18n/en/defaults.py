"""Issue 17, "Signals a team can trust": a reader's language is kept, and forms start from the person."""

MESSAGES: dict[str, str] = {
    "field.language": "Language",
    "field.language.hint": "What the campaign says in its channel, its review and its PDF. Blank: the owner's "
                           "language.",
    "language.en": "English",
    "language.zh-CN": "简体中文 (Simplified Chinese)",
    "language.zh-TW": "繁體中文 (Traditional Chinese)",
    "form.error.language": "“{text}” isn't a language the bot speaks; pick one from the list.",
    "report.receipt.figures": "Saved: {figures}",
    "report.receipt.exposure": "exposure {value}",
    "report.receipt.clicks": "clicks {value}",
    "report.receipt.participants": "participants {value}",
    "report.receipt.conversions": "conversions {value}",
    "report.receipt.new_members": "new members {value}",
    "report.receipt.sales": "sales {value}",
    "report.receipt.spend": "spend {value}",
    "defaults.approve.no_reporters": "⚠️ *{name}* is approved, but nobody is set up to report its daily figures: "
                                     "no one will be asked for them and its 21:00 summaries will stay empty. Choose "
                                     "reporters with *Reporting* on its card.",
    "defaults.close.left_open": "⚠️ Still open: {what}. The bot no longer follows them up; resolve them or hand "
                                "them over.",
    "defaults.close.incidents": "{count} incident(s) ({ids})",
    "defaults.close.tasks": "{count} task(s)",
}
