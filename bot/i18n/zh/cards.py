MESSAGES = {
    "incident.updated.note": "🔁 事件 #{id}（{kind}）已由 {reporter} 更新：严重程度 {severity}。\n{description}",
    "incident.still_open.dm": "⏰ *{campaign}* 的事件 #{id}（{kind}，{severity}）上报 {elapsed} 后仍未解决，自动通知已全部发出。请确认或解决，或手动升级。",
    "incident.still_open.note": "⏰ 事件 #{id}（{kind}，{severity}）上报 {elapsed} 后仍未解决：已再次提醒 {people}。",
}
