MESSAGES = {
    "anomaly.day.title": "📉 *{name}* 在 {day} 的流量不及预期：",
    "anomaly.day.lagging": "落后的来源：{source}，只有平常一天的 {pace}。",
    "anomaly.day.silent": "未提交日报：{sources}。",
    "anomaly.day.silent.one": "{source}（{days} 天）",
    "error.busy": "机器人此刻正在保存很多修改，未能及时保存你的内容。什么都没有保存，请重新提交。",
    "error.after_save": "你的修改已保存，但之后的步骤失败了（例如更新消息或通知他人）。无需重做；如果看到的内容没有更新，请刷新。",
    "error.after_save.reason": "你的修改已保存，但之后：{reason}",
    "task.detail.collaborators": "协作部门：{value}",
    "task.detail.deliverable": "交付标准：{value}",
    "task.detail.notes": "备注：{value}",
    "form.error.bad_date": "这不是有效的日期，请在日历中选择。",
    "import.offer.gone": "这个导入邀请已失效。请重新分享文件，或使用 `/campaign import` 命令。",
}
