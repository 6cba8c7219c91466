"""Every feature's due passes, in the order one scheduler minute runs them: each is `(services, now) -> int`,
declared in its feature's `scheduled` module. A new feature with due work adds one line here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from bot.digest import scheduled as digest
from bot.feedback import scheduled as feedback
from bot.incidents import scheduled as incidents
from bot.kernel import housekeeping
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.lifecycle import scheduled as lifecycle
from bot.readiness.scheduled import checklist, milestones
from bot.reports import scheduled as reports
from bot.summary import scheduled as summary
from bot.tasks import scheduled as tasks

Pass = Callable[[Services, datetime], int]

# Decisions first, so one pass also delivers what it just decided. The names are the metrics' labels.
PASSES: dict[str, Pass] = {
    "campaign_events": lifecycle.run,
    "milestone_reminders": milestones.run,
    "task_reminders": tasks.run,
    "checklist_reminders": checklist.run,
    "report_prompts": reports.run,
    "daily_summaries": summary.run,
    "escalations": incidents.run,
    "complaint_escalations": feedback.run,
    "housekeeping": housekeeping.run,
    "digests": digest.run,  # after the passes that decide, before delivery: held messages go out as one
    "delivery": outbox.deliver_due,
}
