MESSAGES = {
    "incident.updated.note": "🔁 Incident #{id} ({kind}) updated by {reporter}: severity {severity}.\n{description}",
    "incident.still_open.dm": "⏰ Incident #{id} in *{campaign}* ({kind}, {severity}) is still not resolved {elapsed} after it was reported, and the automatic pages are over. Acknowledge or resolve it, or escalate it by hand.",
    "incident.still_open.note": "⏰ Incident #{id} ({kind}, {severity}) is still not resolved {elapsed} after it was reported: reminded {people} again.",
}
