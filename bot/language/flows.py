"""`/campaign language zh-Hant|zh-Hans|en|auto`: a person's own language, kept over their Slack locale."""

from __future__ import annotations

import logging
from datetime import datetime

from babel import Locale, UnknownLocaleError
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from bot.kernel.errors import InvalidInput
from bot.kernel.i18n import REPRESENTATIVE_LOCALE, language_of
from storage.repositories import language as language_repository
from storage.session import SessionFactory, session_scope

log = logging.getLogger(__name__)

AUTO = "auto"
CHOICES = ("zh-Hant", "zh-Hans", "en", AUTO)


def parse_choice(text: str) -> str | None:
    """`zh-Hant`, `zh_TW`, `EN`, … → the catalogue language; `auto` → None. Anything else is refused.

    Also what a campaign's channel language accepts, so both read a choice the same way."""
    choice = text.strip()
    if choice.lower() == AUTO:
        return None
    try:
        parsed = Locale.parse(choice.replace("-", "_")) if choice else None
    except (UnknownLocaleError, ValueError, TypeError):
        parsed = None
    if parsed is None or parsed.language not in {"en", "zh"}:
        raise InvalidInput("language.unknown", choice=choice, choices=" · ".join(f"`{c}`" for c in CHOICES))
    return language_of(choice)


def locale_of_language(language: str | None) -> str | None:
    """The locale messages are written in for a chosen language (zh_Hant → zh-TW: Taiwan wording)."""
    return REPRESENTATIVE_LOCALE.get(language) if language else None


def choose(*, session: Session, team_id: str, user_id: str, text: str, now: datetime) -> str | None:
    """Keep the person's choice; returns the locale they read from now on, None when back to Slack's."""
    language = parse_choice(text)
    language_repository.choose_language(session=session, team_id=team_id, user_id=user_id, language=language,
                                        at=now)
    return locale_of_language(language)


def chosen_locale(sessions: SessionFactory, user_id: str) -> str | None:
    """For the directory: the person's chosen locale, None when they follow Slack (or it cannot be read now)."""
    try:
        with session_scope(sessions) as session:
            return locale_of_language(language_repository.chosen_language(session=session, user_id=user_id))
    except SQLAlchemyError as error:
        # A person still reads the bot in their Slack language while the database is away.
        log.warning("no language choice for %s (%s)", user_id, error)
        return None
