"""Issue 17, "Signals a team can trust": a reader's language is kept, and forms start from the person."""

MESSAGES: dict[str, str] = {
    "field.language": "语言",
    "field.language.hint": "活动在频道、复盘和 PDF 中使用的语言。留空：跟随负责人的语言。",
    "language.en": "English（英语）",
    "language.zh-CN": "简体中文",
    "language.zh-TW": "繁體中文",
    "form.error.language": "“{text}”不是本机器人支持的语言；请从列表中选择。",
    "report.receipt.figures": "已保存：{figures}",
    "report.receipt.exposure": "曝光量 {value}",
    "report.receipt.clicks": "点击量 {value}",
    "report.receipt.participants": "参与人数 {value}",
    "report.receipt.conversions": "转化数 {value}",
    "report.receipt.new_members": "新增会员 {value}",
    "report.receipt.sales": "销售额 {value}",
    "report.receipt.spend": "花费 {value}",
    "defaults.approve.no_reporters": "⚠️ *{name}* 已审批通过，但还没有人负责填报日报：不会有人收到填报提醒，"
                                     "21:00 的日报汇总也将是空的。请用活动卡片上的 *日报设置* 选择填报人。",
    "defaults.close.left_open": "⚠️ 仍未处理：{what}。机器人不再跟进这些事项，请处理完毕或转交他人。",
    "defaults.close.incidents": "{count} 个突发事件（{ids}）",
    "defaults.close.tasks": "{count} 项任务",
}
