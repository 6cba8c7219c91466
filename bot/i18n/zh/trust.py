MESSAGES = {
    "task.detail.collaborators": "协作部门：{value}",
    "task.detail.deliverable": "交付标准：{value}",
    "task.detail.notes": "备注：{value}",
    "tasks.all.line.details": " · {details}",
    "form.error.bad_date": "这不是有效的日期，请在日历中选择。",
    "import.offer.gone": "这个导入邀请已失效。请重新分享文件，或使用 `/campaign import` 命令。",
}
