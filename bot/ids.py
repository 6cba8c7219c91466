"""Every callback, action and block id the bot sends to Slack, so handlers never match on stray literals."""

from __future__ import annotations

from enum import StrEnum

SLASH_COMMAND = "/campaign"


class View(StrEnum):
    NEW_CAMPAIGN = "campaign_new"
    EDIT_CAMPAIGN = "campaign_edit"


class Action(StrEnum):
    APPROVE_CAMPAIGN = "campaign_approve"
    EDIT_CAMPAIGN = "campaign_edit_open"
    PICK_TIMEZONE = "campaign_timezone"


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


# Inside an input block Slack nests the element's own action id; one fixed id keeps reading state simple.
INPUT = "value"
