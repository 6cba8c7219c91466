MESSAGES = {
    "task.detail.collaborators": "With: {value}",
    "task.detail.deliverable": "Deliverable: {value}",
    "task.detail.notes": "Notes: {value}",
    "tasks.all.line.details": " · {details}",
    "form.error.bad_date": "That is not a real date. Pick one from the calendar.",
    "import.offer.gone": "This import offer is no longer valid. Share the file again, or use `/campaign import`.",
}
