MESSAGES = {
    "help.import": "`/campaign import [campaign]` — import the division-of-labour table (paste it or attach CSV/XLSX)",
    "import.modal.title": "Import tasks",
    "import.modal.next": "Preview",
    "import.modal.intro": (
        "Importing into *{name}*. One row per task; headers in Chinese or English, any order: "
        "任务/Task, 负责人/Owner, 协作部门/Department, 完成时间/Due, 交付标准/Deliverable, 阶段/Phase, 备注/Notes. "
        "Rows whose phase is 里程碑/Milestone become milestones."
    ),
    "import.field.table": "Paste the table",
    "import.field.table.hint": "Copy the cells from Excel or a shared sheet, header row included.",
    "import.field.file": "…or attach the table as a file",
    "import.field.file.hint": "CSV or XLSX, up to 5 MB and 2,000 rows.",
    "import.need_input": "Paste a table here or attach a CSV/XLSX file.",
    "import.both_inputs": "Paste a table or attach a file, not both.",
    "import.not_allowed": "Only the campaign's owner ({owner}) or a workspace admin can import tasks into *{name}*.",
    "import.already_done": "This import was already confirmed or cancelled; nothing more was changed.",
    "import.expired": "This preview is more than a day old. Run `/campaign import` again.",
    "import.file_gone": "I can't open that file any more. Share it again or paste the table.",
    "import.preview.title": "Check the import",
    "import.preview.confirm": "Confirm",
    "import.preview.back": "Back",
    "import.preview.summary": (
        "*{name}* · from {source}\n*{tasks}* tasks and *{milestones}* milestones understood: "
        "{added} new, {changed} changed, {unchanged} unchanged."
    ),
    "import.preview.missing": "{count} task(s) of this campaign are no longer in the table. They are kept unless you tick the box below.",
    "import.preview.close_missing": "Also close the {count} task(s) no longer in the table",
    "import.preview.missing.label": "Tasks no longer in the table",
    "import.preview.rows": "*Rows as I read them*",
    "import.preview.row": "Row {row}: {task} → {owner}, due {due}{phase}",
    "import.preview.milestone": "Row {row}: milestone *{name}* on {day}",
    "import.preview.more_rows": "…and {count} more rows, all understood.",
    "import.preview.problems": "*{count} row(s) need fixing before I can import.* Fix them in the sheet, then press Back and paste it again:",
    "import.preview.issue": "• {where}: {what}",
    "import.preview.more_issues": "…and {count} more problems.",
    "import.preview.where.row_column": "Row {row}, column “{column}”",
    "import.preview.where.row": "Row {row}",
    "import.preview.where.table": "The table",
    "import.preview.changed_fields": "changed: {fields}",
    "import.source.paste": "a pasted table",
    "import.done.title": "Tasks imported",
    "import.done.channel": (
        "{actor} imported the division-of-labour table into *{name}*: {added} new, {changed} changed, "
        "{unchanged} unchanged, {missing} no longer in the table ({missing_fate}). Milestones: {milestones_added} "
        "added, {milestones_moved} moved."
    ),
    "import.done.missing_kept": "kept",
    "import.done.missing_closed": "closed",
    "import.done.make_reporters": "Make them reporters",
    "import.done.owners": "*Who owns the new tasks:* {owners}",
    "import.done.dm": "{actor} assigned you {count} new task(s) in *{name}*:",
    "import.offer": (
        "{user} shared *{file}*. It looks like a division-of-labour table. Import its tasks into *{name}*?"
    ),
    "import.offer.button": "Import tasks",
    "import.notice.xlsx_other_sheets_ignored": "I read the sheet “{sheet}” and ignored the other sheets: {ignored}.",
    "import.code.file_too_large": "The file is {size_bytes}; the limit is {max_bytes}. Split it or remove unused sheets.",
    "import.code.unreadable_file": "I can't read this file ({reason}). Save it as CSV (UTF-8) or XLSX and try again.",
    "import.code.unsupported_file_type": "“{extension}” files aren't supported; save the table as CSV or XLSX.",
    "import.code.too_many_rows": "The table has more than {max_rows} rows; split it into several imports.",
    "import.code.empty_table": "The table is empty: I need a header row and at least one task row.",
    "import.code.no_task_column": (
        "I can't find the task column. Name it 任务, 工作内容 or Task. Headers I saw: {headers}."
    ),
    "import.code.duplicate_column": "Several columns mean “{field}”: {columns}. Keep one.",
    "import.code.no_owner_column": "I can't find the owner column. Name it 负责人 or Owner. Headers I saw: {headers}.",
    "import.code.no_due_column": "I can't find the due-date column. Name it 完成时间, 截止日期 or Due. Headers I saw: {headers}.",
    "import.code.task_empty": "the task is empty; describe the work or delete the row.",
    "import.code.owner_missing": "nobody owns this task; add a name, email or @mention.",
    "import.code.owner_unknown": "“{owner}” {reason}; use their Slack display name, email or an @mention.",
    "import.code.owner_unknown.not_found": "matches nobody in this workspace",
    "import.code.owner_unknown.deactivated": "has left the workspace",
    "import.code.owner_unknown.bot": "is a bot, not a person",
    "import.code.owner_ambiguous": "“{owner}” could be {candidates}; use an email or @mention instead.",
    "import.code.due_missing": "no due date; add one like 2026-05-10 or 5月10日.",
    "import.code.due_unreadable": "I can't read “{value}” as a date; write it like 2026-05-10, 5/10 or 5月10日.",
    "import.code.due_after_campaign": "due {due} is after the campaign ends ({campaign_end}); move it or extend the campaign.",
    "import.code.cell_too_long": "this cell has {length} characters; the limit is {limit}. Shorten it or move the detail to a linked document.",
    "import.code.id_duplicate": "the ID {id} is used again (first on row {first_row}); each task needs its own ID.",
}
