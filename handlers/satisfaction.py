"""The 1–5 buttons of the satisfaction question (满意度) in the campaign channel."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import Ack, App

from bot.domain.satisfaction import score_of
from bot.errors import InvalidInput
from bot.ids import Action
from bot.services import Services
from bot.usecases import satisfaction_survey
from handlers.forms import actor_of, campaign_id_of, reports_errors

BUTTONS = re.compile(rf"^{re.escape(Action.SATISFACTION_PREFIX.value)}[0-9]+$")


@reports_errors
def answer(ack: Ack, body: dict[str, Any], services: Services) -> None:
    ack()
    action_id = str((body.get("actions") or [{}])[0].get("action_id") or "")
    score = score_of(action_id, Action.SATISFACTION_PREFIX.value)
    if score is None:
        raise InvalidInput("satisfaction.gone")
    user_id = body["user"]["id"]
    satisfaction_survey.answer(services, campaign_id=campaign_id_of(body), score=score,
                               actor=actor_of(services, body), channel_id=(body.get("channel") or {}).get("id") or "",
                               locale=services.locale_for(user_id))


def register(app: App) -> None:
    app.action(BUTTONS)(answer)
