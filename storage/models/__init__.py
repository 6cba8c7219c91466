"""Tables, one module per area; importing this package registers them all on SQLModel.metadata.

Timestamps are timezone-aware UTC; money and targets are exact decimals.
"""

from storage.models.adjustments import IncidentAdjustment
from storage.models.audit import AuditEntry, UserLanguage
from storage.models.campaigns import (
    LIVE_STATUS_SQL,
    BudgetPlanLine,
    Campaign,
    CampaignLesson,
    CampaignStatusChange,
    KpiTarget,
    Milestone,
)
from storage.models.delivery import HeldRow, OutboxMessage, RequestClaim
from storage.models.feedback import FeedbackItem
from storage.models.follow_through import CampaignRisk, SatisfactionAnswer
from storage.models.incidents import OPEN_DEDUPE_SQL, Incident, IncidentEvent
from storage.models.readiness import ChecklistItem
from storage.models.reports import CampaignReporter, DailyReport, DailyReportRevision, ReportSource
from storage.models.signoff import CampaignApprover, ChangeRequest
from storage.models.targets import CampaignGoal
from storage.models.tasks import TableImport, Task, TaskStatusChange

__all__ = [
    "LIVE_STATUS_SQL",
    "OPEN_DEDUPE_SQL",
    "AuditEntry",
    "BudgetPlanLine",
    "Campaign",
    "CampaignApprover",
    "CampaignGoal",
    "CampaignLesson",
    "CampaignReporter",
    "CampaignRisk",
    "CampaignStatusChange",
    "ChangeRequest",
    "ChecklistItem",
    "DailyReport",
    "DailyReportRevision",
    "FeedbackItem",
    "HeldRow",
    "Incident",
    "IncidentAdjustment",
    "IncidentEvent",
    "KpiTarget",
    "Milestone",
    "OutboxMessage",
    "ReportSource",
    "RequestClaim",
    "SatisfactionAnswer",
    "TableImport",
    "Task",
    "TaskStatusChange",
    "UserLanguage",
]
