"""The campaign itself: `/campaign new | list | status | help` (routed by handlers/router.py), the form's
submissions (new and edit), the Edit button on the card, and the time-zone picker of the form."""

from __future__ import annotations

from functools import cache
from typing import Any
from zoneinfo import available_timezones

from slack_bolt import Ack, App
from slack_sdk.models.blocks import Option
from slack_sdk.models.views import View as SlackView

from bot.campaigns.rules.campaign import validate_campaign_form
from bot.card.blocks.list import help_blocks, help_text
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.errors import InvalidInput
from bot.kernel.forms import FormRejected
from bot.kernel.i18n import t
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import campaign_id_of, opens_modal, submission_key, submits_form, team_of
from bot.kernel.policy import Actor
from bot.kernel.services import Services
from bot.lifecycle import flows as campaign_flows
from bot.lifecycle.blocks import campaign_modal, new_campaign_view, read_campaign_form


def new_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                locale: str) -> SlackView:
    ack()  # the modal must open within 3 s of the trigger: acknowledged before the time zone is looked up
    return new_campaign_view(
        locale, timezone=services.directory.time_zone(actor.user_id, services.settings.default_timezone),
        owner_id=actor.user_id,
        channel_id=command.get("channel_id"),
        name=rest.strip(),  # `/campaign new Spring Sale` pre-fills the name
    )


def list_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                 locale: str) -> None:
    blocks = campaign_flows.live_list(services, actor=actor, locale=locale)
    ack(text=t("card.list.title", locale), blocks=blocks)


def status_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                   locale: str) -> None:
    shown = campaign_flows.status(services, actor=actor, reference=rest, channel_id=command.get("channel_id"),
                                  locale=locale)
    ack(text=shown.text, blocks=shown.blocks)


def help_command(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                 locale: str) -> None:
    ack(text=help_text(locale), blocks=help_blocks(locale))




@opens_modal
def open_editor(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView:
    form, campaign_id, channel_id = campaign_flows.editor_form(
        services, campaign_id=campaign_id_of(body), team_id=team_of(body), actor=actor)
    metadata = ModalMetadata(campaign_id=campaign_id, channel_id=channel_id)
    return campaign_modal(form, metadata, locale, editing=True)




@submits_form(Field.NAME)  # not a field mistake (the database was busy): said on the name; nothing saved
def new_campaign(ack: Ack, body: dict[str, Any], view: dict[str, Any], services: Services, actor: Actor,
                 locale: str) -> None:
    draft, errors = validate_campaign_form(read_campaign_form(view))
    if draft is None:
        raise FormRejected(errors)
    campaign_flows.create_campaign(services, team_id=body.get("team", {}).get("id", ""), draft=draft,
                                   creator_id=actor.user_id, submission=submission_key(view), locale=locale,
                                   answer=ack)


@submits_form(Field.NAME)  # not a field mistake (the campaign closed, or ownership changed meanwhile)
def edit_campaign(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    draft, errors = validate_campaign_form(read_campaign_form(view))
    if draft is None:
        raise FormRejected(errors)
    if metadata.campaign_id is None:
        raise InvalidInput("campaigns.gone")
    campaign_flows.edit_campaign(services, campaign_id=metadata.campaign_id, draft=draft, actor=actor,
                                 locale=locale, answer=ack)




MAX_OPTIONS = 100  # Slack's limit for one options response


@cache
def _zones() -> tuple[str, ...]:
    return tuple(sorted(zone for zone in available_timezones() if "/" in zone or zone == "UTC"))


def matching_zones(query: str, limit: int = MAX_OPTIONS) -> list[str]:
    """Zones whose name contains the query, ignoring case, spaces and underscores: `new york` finds New_York."""
    needle = query.strip().lower().replace(" ", "_")
    return [zone for zone in _zones() if needle in zone.lower()][:limit]


def timezone_options(ack: Ack, payload: dict[str, Any], services: Services) -> None:
    zones = matching_zones(payload.get("value", ""))
    ack(options=[Option(value=zone, text=zone).to_dict() for zone in zones])




def register(app: App) -> None:
    app.action(Action.EDIT_CAMPAIGN)(open_editor)
    app.view(View.NEW_CAMPAIGN)(new_campaign)
    app.view(View.EDIT_CAMPAIGN)(edit_campaign)
    app.options(Action.PICK_TIMEZONE)(timezone_options)
