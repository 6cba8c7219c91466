MESSAGES = {
    "incident.updated.note": "🔁 事件 #{id}（{kind}）已由 {reporter} 更新：严重程度 {severity}。\n{description}",
    "incident.still_open.dm": "🚨 *{campaign}* 的严重事件 #{id}（{kind}）上报 {elapsed} 后仍未解决，自动通知已全部发出。处理完后请点“解决”；在此之前我会每 {every} 提醒你一次。",
    "incident.still_open.note": "🚨 严重事件 #{id}（{kind}）上报 {elapsed} 后仍未解决：已再次提醒 {people}。",
    "incident.page.again.dm": "📟 *{campaign}* 的事件 #{id}（{kind}，{severity}）{reason}，需要你立即处理：请确认或解决。",
    "incident.page.again.note": "📟 事件 #{id}（{kind}）{reason}：已再次通知 {people}。",
}
