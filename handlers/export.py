"""`/campaign export` (the workbook itself: bot/export/flows.py)."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack

from bot.export import flows as export_service
from bot.kernel.blockkit.text import escape
from bot.kernel.i18n import t
from bot.kernel.policy import Actor
from bot.kernel.services import Services


def export_campaign(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                    locale: str) -> None:
    """(wired into handlers/router.py)"""
    export_service.export_campaign(services, actor=actor, reference=rest,
                                   channel_id=command.get("channel_id"), locale=locale,
                                   started=lambda name: ack(text=t("export.started", locale, name=escape(name))))
