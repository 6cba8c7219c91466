MESSAGES = {
    "form.error.bad_date": "这不是有效的日期，请在日历中选择。",
    "import.offer.gone": "这个导入邀请已失效。请重新分享文件，或使用 `/campaign import` 命令。",
}
