"""`/campaign language [zh-Hant|zh-Hans|en|auto]`: show or set the language the bot writes to this person in."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.kernel.i18n import language_of, t
from bot.kernel.listening.forms import team_of
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.language import flows as language_service


def language_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                     locale: str) -> None:
    """(wired into handlers/router.py) Answered in the ack, in the language just chosen: `locale` is the one read
    before, so the new one is looked up again."""
    user_id = actor.user_id
    if not rest.strip():
        ack(text=t("language.current", locale, language=_name(locale)))
        return
    with services.unit_of_work() as session:
        chosen = language_service.choose(session=session, team_id=team_of(command), user_id=user_id, text=rest,
                                         now=services.clock.now())
    services.directory.forget_choice(user_id)
    now_reading = services.locale_for(user_id)
    key = "language.set" if chosen else "language.auto"
    ack(text=t(key, now_reading, language=_name(now_reading)))


def _name(locale: str | None) -> str:
    return t(f"language.name.{language_of(locale)}", locale)
