"""Showing an incident's current state on a DM its card was clicked in (chat.update, idempotent). The channel card
is edited through the outbox by the use case that changed the incident (bot.incidents.service.ladder.show_card).
Built from stored data only: the incident, its plan snapshot, and the outbox row a message was sent from — never
from the blocks of a clicked message."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.models.blocks import Block
from sqlmodel import Session

from bot.incidents.blocks import card_fallback, with_intro
from bot.incidents.service.ladder import campaign_of, card_key, card_of, plan_of_incident
from bot.kernel.services import Services
from storage.models import Incident
from storage.repositories import delivery as outbox_repository
from storage.repositories import incidents as repo

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Clicked:
    """The message a button was clicked on, and by whom (a DM carries the card below its own words)."""

    channel: str
    ts: str
    user_id: str


def card_location(*, session: Session, incident: Incident) -> tuple[str, str] | None:
    """Where the channel card is: stored on the incident, or learnt from its delivered outbox row (and stored)."""
    if incident.message_channel and incident.message_ts:
        return incident.message_channel, incident.message_ts
    row = outbox_repository.by_key(session=session, key=card_key(incident.id))
    if row is None or not row.message_ts:
        return None
    incident.message_channel, incident.message_ts = row.channel, row.message_ts
    return row.channel, row.message_ts


def refresh_card(services: Services, incident_id: int, *, clicked: Clicked | None = None) -> None:
    """When a click came from another message than the channel card (a DM), show the incident's current state
    there, under the words it was sent with, in the language of whom it was written for. Best effort: Slack
    refusing is logged. (The channel card itself is edited through the outbox by the change that moved it.)"""
    updates: list[tuple[str, str, str, list[Block]]] = []
    with services.unit_of_work() as session:
        incident = repo.get_incident(session=session, incident_id=incident_id, team_id=None)
        if incident is None:
            return
        campaign = campaign_of(session, incident)
        where = card_location(session=session, incident=incident)
        owner_id, language = campaign.owner_id, campaign.language
        dm = None
        if clicked and (not where or (clicked.channel, clicked.ts) != where):
            dm = repo.delivered_dm(session=session, incident_id=incident_id, user_id=clicked.user_id,
                                   message_ts=clicked.ts)
        intro = dm.text if dm is not None else None
    # Locales are looked up (users.info, cached) after the transaction: no Slack call while rows are held. Each
    # message keeps the language of whom it was written for: the channel card the campaign's, a DM its recipient's.
    locale = language or services.locale_for(owner_id)
    dm_locale = services.locale_for(clicked.user_id) if clicked and intro is not None else locale
    with services.unit_of_work() as session:
        incident = repo.get_incident(session=session, incident_id=incident_id, team_id=None)
        if incident is None:
            return
        campaign = campaign_of(session, incident)
        card = card_of(incident, campaign, plan_of_incident(incident), locale)
        text = card_fallback(incident, campaign, locale)
        dm_card = card if dm_locale == locale else card_of(incident, campaign, plan_of_incident(incident), dm_locale)
        dm_text = text if dm_locale == locale else card_fallback(incident, campaign, dm_locale)
    if clicked and intro is not None:
        updates.append((clicked.channel, clicked.ts, dm_text, with_intro(intro, dm_card)))
    for channel, ts, fallback, blocks in updates:
        try:
            services.slack.update_message(channel, ts, text=fallback, blocks=blocks)
        except SlackApiError as error:
            log.warning("could not update incident %s's card in %s: %s", incident_id, channel,
                        error.response.get("error"))
