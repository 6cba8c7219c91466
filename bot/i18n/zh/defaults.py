"""Issue 17, "Signals a team can trust": a reader's language is kept, and forms start from the person."""

MESSAGES: dict[str, str] = {
    "field.language": "语言",
    "field.language.hint": "活动在频道、复盘和 PDF 中使用的语言。留空：跟随负责人的语言。",
    "language.en": "English（英语）",
    "language.zh-CN": "简体中文",
    "language.zh-TW": "繁體中文",
    "form.error.language": "“{text}”不是本机器人支持的语言；请从列表中选择。",
}
