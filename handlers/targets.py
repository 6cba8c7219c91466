"""`/campaign targets` (目标): the KPI targets modal — totals, rates (each a minimum) and lifts over a baseline."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App

from bot.blocks.metadata import ModalMetadata
from bot.blocks.targets_modal import read_targets, stored_form, targets_modal
from bot.domain.campaigns import Metric
from bot.domain.targets import total_field
from bot.ids import View
from bot.services import Services
from bot.usecases import target_setting
from handlers.forms import actor_of, submission_key, submits_form


def targets_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, locale: str) -> None:
    """(wired into handlers/commands.py) A refusal is answered in the acknowledgement."""
    context = target_setting.context_named(services, reference=rest, channel_id=command.get("channel_id"),
                                           actor=actor_of(services, command))
    ack()
    services.slack.open_view(command["trigger_id"], targets_modal(
        campaign_name=context.name, form=stored_form(context.current.totals, context.current.goals),
        metadata=ModalMetadata(campaign_id=context.campaign_id).dump(), locale=locale))


@submits_form(total_field(Metric.EXPOSURE))  # no longer allowed, closed or gone since the modal opened
def save_targets(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services) -> None:
    target_setting.save_targets(services, campaign_id=ModalMetadata.load(view.get("private_metadata")).campaign_id
                                or 0, form=read_targets(view), submission=submission_key(view),
                                actor=actor_of(services, body), locale=services.locale_for(body["user"]["id"]),
                                answer=ack)


def register(app: App) -> None:
    app.view(View.KPI_TARGETS)(save_targets)
