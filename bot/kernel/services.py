"""What handlers and scheduler passes need, built once by create_app and handed to them."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from slack_sdk.errors import SlackApiError, SlackRequestError
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bot.kernel.chart_pool import ChartPool, shared_pool
from bot.kernel.clock import Clock
from bot.kernel.config import Settings
from bot.kernel.errors import CampaignBotError
from bot.kernel.metrics import Metrics
from bot.kernel.slack.directory import Directory
from bot.kernel.slack.gateway import SlackGateway
from bot.kernel.slack.outbox import QuietHours
from storage.session import SessionFactory, is_lock_timeout, limit_lock_wait, session_scope, wrote

log = logging.getLogger(__name__)

# Per listener call: whether one of its units of work committed a change (bot/kernel/listening/errors.py reads it).
_saved: ContextVar[list[bool] | None] = ContextVar("campaignbot_saved", default=None)


@contextmanager
def watching_saves() -> Iterator[list[bool]]:
    """Within this block, a committed change is recorded in the list it yields."""
    saved: list[bool] = []
    token = _saved.set(saved)
    try:
        yield saved
    finally:
        _saved.reset(token)


# Seconds a unit of work may wait for a lock while a listener still owes Slack its answer (None: no limit).
_lock_wait: ContextVar[float | None] = ContextVar("campaignbot_lock_wait", default=None)
ANSWER_LOCK_WAIT = 2.0  # of Slack's 3 s, leaving time to answer


class Busy(CampaignBotError):
    """The database was busy past the time a request can wait; nothing of it was saved."""


@contextmanager
def answering_in_time(seconds: float = ANSWER_LOCK_WAIT) -> Iterator[None]:
    """Within this block, units of work give up on a lock after `seconds` and raise Busy instead."""
    token = _lock_wait.set(seconds)
    try:
        yield
    finally:
        _lock_wait.reset(token)


def note_saved() -> None:
    saved = _saved.get()
    if saved is not None:
        saved.append(True)


@dataclass
class Services:
    settings: Settings
    clock: Clock
    sessions: SessionFactory
    slack: SlackGateway
    directory: Directory
    metrics: Metrics
    charts: ChartPool = field(default_factory=shared_pool)  # pace charts, drawn in worker processes
    # Who may be told what at night (bot.campaigns.service.quiet, wired by bot.runtime.app); None: no quiet hours.
    quiet: QuietHours | None = None
    # Set on a graceful stop: scheduler passes end after what they are doing, so what they claimed can be released.
    stopping: threading.Event = field(default_factory=threading.Event)

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        wait = _lock_wait.get()
        try:
            with session_scope(self.sessions) as session:
                if wait is not None:
                    limit_lock_wait(session, wait)
                yield session
        except OperationalError as error:
            if wait is not None and is_lock_timeout(error):
                raise Busy("error.busy") from error
            raise
        if wrote(session):
            note_saved()

    def locale_for(self, user_id: str) -> str:
        """The user's Slack locale (users.info, cached), so each person reads the bot in their own language."""
        if not user_id:
            return self.settings.default_locale
        try:
            return self.directory.locale(user_id) or self.settings.default_locale
        except (SlackApiError, SlackRequestError, OSError) as error:
            # Words in the default language beat no words at all.
            log.info("no locale for %s (%s); using %s", user_id, error, self.settings.default_locale)
            return self.settings.default_locale
