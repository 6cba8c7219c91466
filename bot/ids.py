"""Every callback, action and block id the bot sends to Slack, so handlers never match on stray literals."""

from __future__ import annotations

from enum import StrEnum

SLASH_COMMAND = "/campaign"


class View(StrEnum):
    NEW_CAMPAIGN = "campaign_new"
    EDIT_CAMPAIGN = "campaign_edit"
    TASK_BLOCKED_REASON = "task_blocked_reason"
    NEW_MILESTONE = "milestone_new"
    IMPORT_TABLE = "import_table"
    IMPORT_PREVIEW = "import_preview"
    REMINDER_SETTINGS = "reminder_settings"


class Action(StrEnum):
    APPROVE_CAMPAIGN = "campaign_approve"
    EDIT_CAMPAIGN = "campaign_edit_open"
    PICK_TIMEZONE = "campaign_timezone"
    TASK_DONE = "task_done"
    TASK_BLOCKED = "task_blocked"
    TASK_OPEN = "task_open"
    ADD_MILESTONE = "milestone_add"
    IMPORT_SHARED_FILE = "import_shared_file"
    OPEN_REMINDER_SETTINGS = "reminder_settings_open"


class Field(StrEnum):
    """Block ids of modal inputs; `response_action: errors` names these."""

    NAME = "name"
    THEME = "theme"
    OBJECTIVE = "objective"
    START = "start"
    END = "end"
    WARMUP_START = "warmup_start"
    BURST_START = "burst_start"
    LONGTAIL_START = "longtail_start"
    OWNER = "owner"
    CHANNEL = "channel"
    BUDGET = "budget"
    CONTINGENCY = "contingency"
    TIMEZONE = "timezone"
    KPI_EXPOSURE = "kpi_exposure"
    KPI_CLICKS = "kpi_clicks"
    KPI_PARTICIPANTS = "kpi_participants"
    KPI_CONVERSIONS = "kpi_conversions"
    KPI_SALES = "kpi_sales"
    REASON = "reason"
    MILESTONE_NAME = "milestone_name"
    MILESTONE_DATE = "milestone_date"
    TABLE_TEXT = "table_text"
    TABLE_FILE = "table_file"
    CLOSE_MISSING = "close_missing"
    REMINDER_HOUR = "reminder_hour"
    DAYS_BEFORE_DUE = "days_before_due"
    DAYS_BEFORE_MILESTONE = "days_before_milestone"
    GRACE_HOURS = "grace_hours"
    TELL_OWNER_AFTER = "tell_owner_after"
    SKIP_WEEKENDS = "skip_weekends"
    HOLIDAYS = "holidays"


# Inside an input block Slack nests the element's own action id; one fixed id keeps reading state simple.
INPUT = "value"
