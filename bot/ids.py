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
    REPORT_INCIDENT = "incident_report"
    EMERGENCY_PLAN = "emergency_plan"
    REMINDER_SETTINGS = "reminder_settings"
    DAILY_REPORT = "daily_report"
    REPORTING_SETUP = "reporting_setup"


class Action(StrEnum):
    APPROVE_CAMPAIGN = "campaign_approve"
    EDIT_CAMPAIGN = "campaign_edit_open"
    PICK_TIMEZONE = "campaign_timezone"
    TASK_DONE = "task_done"
    TASK_BLOCKED = "task_blocked"
    TASK_OPEN = "task_open"
    ADD_MILESTONE = "milestone_add"
    IMPORT_SHARED_FILE = "import_shared_file"
    INCIDENT_ACKNOWLEDGE = "incident_acknowledge"
    INCIDENT_RESOLVE = "incident_resolve"
    INCIDENT_ESCALATE = "incident_escalate"
    OPEN_EMERGENCY_PLAN = "emergency_plan_open"
    OPEN_REMINDER_SETTINGS = "reminder_settings_open"
    OPEN_REPORT = "report_open"
    OPEN_REPORTING_SETUP = "reporting_setup_open"


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
    INCIDENT_KIND = "incident_kind"
    INCIDENT_SEVERITY = "incident_severity"
    INCIDENT_DESCRIPTION = "incident_description"
    PLAN_SPONSOR = "plan_sponsor"
    # One responder picker per incident kind: f"{PLAN_RESPONDER_PREFIX}{kind}" (bot.blocks.incident_blocks).
    PLAN_RESPONDER_PREFIX = "plan_responder_"
    REMINDER_HOUR = "reminder_hour"
    DAYS_BEFORE_DUE = "days_before_due"
    DAYS_BEFORE_MILESTONE = "days_before_milestone"
    GRACE_HOURS = "grace_hours"
    TELL_OWNER_AFTER = "tell_owner_after"
    SKIP_WEEKENDS = "skip_weekends"
    HOLIDAYS = "holidays"
    REPORT_DAY = "report_day"
    REPORT_SOURCE = "report_source"
    EXPOSURE = "exposure"
    CLICKS = "clicks"
    PARTICIPANTS = "participants"
    CONVERSIONS = "conversions"
    NEW_MEMBERS = "new_members"
    SALES = "sales"
    SPEND = "spend"
    FEEDBACK = "feedback"
    FEEDBACK_TYPE = "feedback_type"
    CONFIRM_FIGURES = "confirm_figures"
    REPORTERS = "reporters"
    SOURCES = "sources"


# Inside an input block Slack nests the element's own action id; one fixed id keeps reading state simple.
INPUT = "value"
