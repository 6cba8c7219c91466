MESSAGES = {
    "help.import": "`/campaign import [活动名称]` — 导入活动执行分工表（直接粘贴，或上传 CSV/XLSX 文件）",
    "import.modal.title": "导入任务",
    "import.modal.next": "预览",
    "import.modal.intro": (
        "将导入到活动 *{name}* 中。每行一个任务；表头可用中文或英文，顺序不限："
        "任务/Task、负责人/Owner、协作部门/Department、完成时间/Due、交付标准/Deliverable、阶段/Phase、备注/Notes。"
        "阶段为“里程碑/Milestone”的行会作为里程碑导入。"
    ),
    "import.field.table": "粘贴分工表",
    "import.field.table.hint": "从 Excel 或共享表格中复制单元格，包括表头行。",
    "import.field.file": "…或上传表格文件",
    "import.field.file.hint": "CSV 或 XLSX 格式，不超过 5 MB、2,000 行。",
    "import.need_input": "请在这里粘贴表格，或上传 CSV/XLSX 文件。",
    "import.both_inputs": "粘贴表格和上传文件只能二选一。",
    "import.not_allowed": "只有活动负责人（{owner}）或工作区管理员可以向 *{name}* 导入任务。",
    "import.already_done": "此次导入已确认或已取消，没有再做任何更改。",
    "import.expired": "此预览已超过一天，请重新运行 `/campaign import` 命令。",
    "import.file_gone": "无法再打开该文件。请重新分享，或直接粘贴表格。",
    "import.preview.title": "核对导入内容",
    "import.preview.confirm": "确认导入",
    "import.preview.back": "返回",
    "import.preview.summary": (
        "*{name}* · 来源：{source}\n识别出 *{tasks}* 个任务和 *{milestones}* 个里程碑："
        "新增 {added} 个，修改 {changed} 个，未变 {unchanged} 个。"
    ),
    "import.preview.missing": "本活动有 {count} 个任务已不在表中。除非勾选下方选项，否则这些任务会保留。",
    "import.preview.close_missing": "同时关闭已不在表中的 {count} 个任务",
    "import.preview.missing.label": "已不在表中的任务",
    "import.preview.rows": "*识别结果*",
    "import.preview.row": "第 {row} 行：{task} → {owner}，截止 {due}{phase}",
    "import.preview.milestone": "第 {row} 行：里程碑 *{name}* 在 {day}",
    "import.preview.more_rows": "…另有 {count} 行，均已识别。",
    "import.preview.problems": "*有 {count} 行需要修改后才能导入。* 请在表格中改好，然后点“返回”重新粘贴：",
    "import.preview.issue": "• {where}：{what}",
    "import.preview.more_issues": "…另有 {count} 个问题。",
    "import.preview.where.row_column": "第 {row} 行“{column}”列",
    "import.preview.where.row": "第 {row} 行",
    "import.preview.where.table": "表格",
    "import.preview.changed_fields": "已修改：{fields}",
    "import.source.paste": "粘贴的表格",
    "import.done.title": "任务已导入",
    "import.done.channel": (
        "{actor} 向 *{name}* 导入了活动执行分工表：新增 {added} 个，修改 {changed} 个，"
        "未变 {unchanged} 个，{missing} 个已不在表中（{missing_fate}）。里程碑：新增 {milestones_added} 个，"
        "调整 {milestones_moved} 个。"
    ),
    "import.done.missing_kept": "已保留",
    "import.done.missing_closed": "已关闭",
    "import.done.make_reporters": "设为日报填报人",
    "import.done.owners": "*新任务的负责人：* {owners}",
    "import.done.dm": "{actor} 在 *{name}* 中给你分配了 {count} 个新任务：",
    "import.offer": (
        "{user} 分享的 *{file}* 看起来是一份活动执行分工表。要把其中的任务导入 *{name}* 吗？"
    ),
    "import.offer.button": "导入任务",
    "import.notice.xlsx_other_sheets_ignored": "已读取工作表“{sheet}”，忽略了其他工作表：{ignored}。",
    "import.code.file_too_large": "文件大小为 {size_bytes}，上限为 {max_bytes}。请拆分文件或删除无用的工作表。",
    "import.code.unreadable_file": "无法读取此文件（{reason}）。请另存为 CSV（UTF-8）或 XLSX 后重试。",
    "import.code.unsupported_file_type": "不支持“{extension}”格式的文件；请将表格另存为 CSV 或 XLSX。",
    "import.code.too_many_rows": "表格超过 {max_rows} 行，请拆分成多次导入。",
    "import.code.empty_table": "表格为空：至少需要一行表头和一行任务。",
    "import.code.no_task_column": (
        "找不到任务列。请将列名设为“任务”“工作内容”或 Task。识别到的表头：{headers}。"
    ),
    "import.code.duplicate_column": "有多列都表示“{field}”：{columns}。请只保留一列。",
    "import.code.no_owner_column": "找不到负责人列。请将列名设为“负责人”或 Owner。识别到的表头：{headers}。",
    "import.code.no_due_column": "找不到完成时间列。请将列名设为“完成时间”“截止日期”或 Due。识别到的表头：{headers}。",
    "import.code.task_empty": "任务内容为空；请填写工作内容或删除该行。",
    "import.code.owner_missing": "该任务没有负责人；请填写姓名、邮箱或 @提及。",
    "import.code.owner_unknown": "“{owner}”{reason}；请使用其 Slack 显示名、邮箱或 @提及。",
    "import.code.owner_unknown.not_found": "在本工作区中找不到此人",
    "import.code.owner_unknown.deactivated": "已离开本工作区",
    "import.code.owner_unknown.bot": "是机器人，不是成员",
    "import.code.owner_ambiguous": "“{owner}”可能是 {candidates}；请改用邮箱或 @提及。",
    "import.code.due_missing": "缺少完成时间；请填写如 2026-05-10 或 5月10日。",
    "import.code.due_unreadable": "无法把“{value}”识别为日期；请写成 2026-05-10、5/10 或 5月10日。",
    "import.code.due_after_campaign": "截止时间 {due} 晚于活动结束日期（{campaign_end}）；请调整时间或延长活动。",
    "import.code.cell_too_long": "此单元格有 {length} 个字符，上限为 {limit}。请精简，或把细节放到链接的文档中。",
    "import.code.id_duplicate": "编号 {id} 重复出现（首次在第 {first_row} 行）；每个任务需要唯一的编号。",
}
