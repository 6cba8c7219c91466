"""`/campaign import`, the preview's Confirm, and the offer to import a table shared in a campaign channel."""

from __future__ import annotations

import json
import logging
from typing import Any

from slack_bolt import Ack, App
from slack_sdk.errors import SlackApiError
from slack_sdk.models.views import View as SlackView

from bot.imports import flows as import_flows
from bot.imports.blocks import import_modal, notice_view
from bot.imports.service.offer import SharedFile, offer_import
from bot.imports.service.preview import build_preview, pasted, require_one_input, shared_file
from bot.kernel.blockkit.inputs import SubmittedState
from bot.kernel.blockkit.metadata import ModalMetadata
from bot.kernel.blockkit.text import escape
from bot.kernel.errors import InvalidInput
from bot.kernel.i18n import t
from bot.kernel.ids import Action, Field, View
from bot.kernel.listening.forms import opens_modal, parse_id, submits_form
from bot.kernel.policy import Actor
from bot.kernel.services import Services

log = logging.getLogger(__name__)


def open_import(services: Services, command: dict[str, Any], rest: str, ack: Ack, actor: Actor,
                locale: str) -> SlackView:
    """`/campaign import [campaign]` (wired into handlers/router.py)."""
    campaign_id, name = import_flows.import_target(services, reference=rest, channel_id=command.get("channel_id"),
                                                   actor=actor)
    metadata = ModalMetadata(campaign_id=campaign_id, channel_id=command.get("channel_id")).dump()
    return import_modal(name, metadata, locale)


def _table_field(view: dict[str, Any]) -> str:
    """Where a refusal of the table is said: on the file when one was chosen, else on the pasted text."""
    return Field.TABLE_FILE if SubmittedState(view).files(Field.TABLE_FILE) else Field.TABLE_TEXT


@submits_form(_table_field)
def submit_table(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    metadata = ModalMetadata.load(view.get("private_metadata"))
    state = SubmittedState(view)
    text, files = state.text(Field.TABLE_TEXT), state.files(Field.TABLE_FILE)
    require_one_input(text, files)
    if metadata.campaign_id is None:
        raise InvalidInput("campaigns.gone")
    if files:
        source, read = shared_file(services, str(files[0]["id"]))
    else:
        source, read = t("imports.source.paste", locale), pasted(text)
    preview = build_preview(services, campaign_id=metadata.campaign_id, actor=actor, source=source, read=read,
                            locale=locale)
    if preview.error:
        ack(response_action="errors", errors={_table_field(view): preview.error})
        return
    # Pushed, not replaced: "Back" returns to the pasted table so a fix is one edit away.
    ack(response_action="push", view=preview.view)


def _notice(text: str, locale: str) -> dict[str, Any]:
    """A refused Confirm (done already, no longer allowed) replaces the preview with a notice saying why."""
    return {"response_action": "update", "view": notice_view(text, locale)}


@submits_form(refusal=_notice)
def confirm(ack: Ack, view: dict[str, Any], services: Services, actor: Actor, locale: str) -> None:
    """Acknowledged with an "importing…" modal before the work; the modal then shows the outcome (and the person
    gets it in a DM too, from the use case)."""
    metadata = ModalMetadata.load(view.get("private_metadata"))
    if metadata.import_id is None:
        raise InvalidInput("imports.already_done")
    state = SubmittedState(view)
    import_flows.confirm_import(
        services, import_id=metadata.import_id, actor=actor,
        close_missing="close" in state.checked(Field.CLOSE_MISSING),
        unassigned="unassigned" in state.checked(Field.IMPORT_UNASSIGNED), locale=locale,
        started=lambda name: ack(response_action="update",
                                 view=notice_view(t("imports.working", locale, name=escape(name)), locale)),
        finished=lambda text, failed: _show(services, view.get("id"), text, locale, user_id=actor.user_id, dm=failed))


def _show(services: Services, view_id: str | None, text: str, locale: str, *, user_id: str, dm: bool) -> None:
    """The outcome in the modal; when the modal is gone (closed meanwhile) and nothing else tells the person, a DM."""
    if view_id:
        try:
            services.slack.update_view(view_id, notice_view(text, locale))
            return
        except SlackApiError as error:
            log.info("import outcome not shown in the modal (%s)", error.response.get("error"))
    if dm:
        services.slack.send_dm(user_id, text=text)


def file_shared(event: dict[str, Any], body: dict[str, Any], context: dict[str, Any], services: Services) -> None:
    if event.get("user_id") == context.get("bot_user_id"):
        return  # the bot's own uploads (exports) are not offered back
    offer_import(services, SharedFile(team_id=body.get("team_id", ""), channel_id=event.get("channel_id") or "",
                                      user_id=event.get("user_id", ""), file_id=event.get("file_id", "")))


@opens_modal
def import_shared(body: dict[str, Any], services: Services, actor: Actor, locale: str) -> SlackView | None:
    """The preview of the offered table; a table that cannot be imported is said privately instead."""
    file_id, campaign_id = _offer(body["actions"][0].get("value"))
    try:
        source, read = shared_file(services, file_id)
    except SlackApiError:
        raise InvalidInput("imports.file_gone") from None
    preview = build_preview(services, campaign_id=campaign_id, actor=actor, source=source, read=read, locale=locale)
    if preview.error:
        channel = (body.get("channel") or {}).get("id", actor.user_id)
        services.slack.post_ephemeral(channel, actor.user_id, text=preview.error)
        return None
    assert preview.view is not None
    return preview.view


def _offer(value: object) -> tuple[str, int]:
    """The file and campaign of an Import button; anything the bot did not write is "gone"."""
    try:
        offer = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError:
        offer = None
    if not isinstance(offer, dict) or not isinstance(offer.get("file"), str):
        raise InvalidInput("imports.offer.gone")
    campaign_id = parse_id(offer.get("campaign"))
    if campaign_id is None or not offer["file"]:
        raise InvalidInput("imports.offer.gone")
    return offer["file"], campaign_id


def register(app: App) -> None:
    app.view(View.IMPORT_TABLE)(submit_table)
    app.view(View.IMPORT_PREVIEW)(confirm)
    app.event("file_shared")(file_shared)
    app.action(Action.IMPORT_SHARED_FILE)(import_shared)
