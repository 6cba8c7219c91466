MESSAGES = {
    "app.name": "campaignbot",
    "error.unexpected": "系统出了点问题，没有做任何更改。请过一分钟再试。",
    "error.not_allowed": "抱歉，你没有权限执行此操作。",
    "help.title": "`/campaign` 命令一览",
    "help.unknown": "我不认识 `/campaign {sub}` 这个命令。我能做的有：",
    "help.new": "`/campaign new` — 策划新活动（打开表单）",
    "help.list": "`/campaign list` — 进行中的活动，最新的在前",
    "help.status": "`/campaign status [名称或 #编号]` — 查看单个活动的卡片（在活动频道中可省略名称）",
    "help.help": "`/campaign help` — 显示本列表",
    "help.footer": "你输入的内容都会原样保存；中文名称同样可用。",
}
