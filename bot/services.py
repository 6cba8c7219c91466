"""What handlers and scheduler passes need, built once by create_app and handed to them."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlmodel import Session

from bot.clock import Clock
from bot.config import Settings
from bot.metrics import Metrics
from bot.render.chart_pool import ChartPool, shared_pool
from bot.slack.directory import Directory
from bot.slack.gateway import SlackGateway
from storage.db import SessionFactory, session_scope

log = logging.getLogger(__name__)


@dataclass
class Services:
    settings: Settings
    clock: Clock
    sessions: SessionFactory
    slack: SlackGateway
    directory: Directory
    metrics: Metrics
    charts: ChartPool = field(default_factory=shared_pool)  # pace charts, drawn in worker processes

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        with session_scope(self.sessions) as session:
            yield session

    def locale_for(self, user_id: str) -> str:
        """The user's Slack locale (users.info, cached), so each person reads the bot in their own language."""
        if not user_id:
            return self.settings.default_locale
        try:
            return self.directory.profile(user_id).locale or self.settings.default_locale
        except (SlackApiError, SlackRequestError, OSError) as error:
            # Words in the default language beat no words at all.
            log.info("no locale for %s (%s); using %s", user_id, error, self.settings.default_locale)
            return self.settings.default_locale
