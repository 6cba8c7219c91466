MESSAGES = {
    "app.name": "campaignbot",
    "error.unexpected": "Something went wrong on our side and nothing was changed. Please try again in a minute.",
    "error.not_allowed": "Sorry, you can't do that.",
    "help.title": "Commands for `/campaign`",
    "help.unknown": "I don't know `/campaign {sub}`. Here is what I can do:",
    "help.new": "`/campaign new` — plan a new campaign (opens a form)",
    "help.list": "`/campaign list` — live campaigns, newest first",
    "help.status": "`/campaign status [name or #id]` — one campaign's card (in its channel the name is implied)",
    "help.help": "`/campaign help` — this list",
    "help.footer": "Anything you type is kept exactly; names in Chinese work too.",
}
