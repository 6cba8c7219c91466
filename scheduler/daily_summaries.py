"""Pass: the daily summary (default 21:00 campaign time) with its pace chart, who has not reported, and the
anomaly check (bot.usecases.daily_summary_service)."""

from __future__ import annotations

from datetime import datetime

from bot.services import Services
from bot.usecases import daily_summary_service
from bot.usecases.due_batches import in_batches

BATCH = 20  # a summary is real work (a chart): small batches keep each transaction short


def run(services: Services, now: datetime) -> int:
    summaries = daily_summary_service.Summaries(now)
    return in_batches(services, now, name="daily_summaries", batch=BATCH, fetch=daily_summary_service.claim_due,
                      advance=summaries.advance, readers=daily_summary_service.readers, finish=summaries.finish)
