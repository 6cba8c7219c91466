"""What handlers and scheduler passes need, built once by create_app and handed to them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlmodel import Session

from bot.clock import Clock
from bot.config import Settings
from bot.directory import Directory
from bot.slack_gateway import SlackGateway
from storage.db import SessionFactory, session_scope


@dataclass
class Services:
    settings: Settings
    clock: Clock
    sessions: SessionFactory
    slack: SlackGateway
    directory: Directory

    @contextmanager
    def unit_of_work(self) -> Iterator[Session]:
        with session_scope(self.sessions) as session:
            yield session

    def locale_for(self, user_id: str) -> str:
        # Per-user language arrives with the Chinese catalogue; until then everyone reads the default.
        return self.settings.default_locale
