MESSAGES = {
    "form.error.date_range": "请选择 {first} 至 {last} 之间的日期。",
}
