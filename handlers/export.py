"""`/campaign export` (the workbook itself: bot/usecases/export_service.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.blocks.text import escape
from bot.i18n import t
from bot.services import Services
from bot.usecases import export_service
from handlers.forms import actor_of


def export_campaign(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py)"""
    export_service.export_campaign(services, actor=actor_of(services, command), reference=rest,
                                   channel_id=command.get("channel_id"), locale=locale,
                                   started=lambda name: ack(text=t("export.started", locale, name=escape(name))))
