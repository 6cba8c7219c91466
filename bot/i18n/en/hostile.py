MESSAGES = {
    "form.error.date_range": "Pick a date between {first} and {last}.",
}
