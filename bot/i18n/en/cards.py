MESSAGES = {
    "incident.updated.note": "🔁 Incident #{id} ({kind}) updated by {reporter}: severity {severity}.\n{description}",
    "incident.still_open.dm": "🚨 Severe incident #{id} in *{campaign}* ({kind}) is still not resolved {elapsed} after it was reported, and the automatic pages are over. Resolve it once it's handled; I'll remind you every {every} until then.",
    "incident.still_open.note": "🚨 Severe incident #{id} ({kind}) is still not resolved {elapsed} after it was reported: {people} reminded again.",
    "incident.page.again.dm": "📟 Incident #{id} in *{campaign}* ({kind}, {severity}) {reason} and needs you now: acknowledge or resolve it.",
    "incident.page.again.note": "📟 Incident #{id} ({kind}) {reason}: {people} paged again.",
}
