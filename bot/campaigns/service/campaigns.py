"""Finding a campaign (by id, by name or channel, for reading or changing) and what is left open on it. Creating
and editing: bot.lifecycle.service. The caller owns the transaction."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from bot.campaigns.rules.campaign import (
    LIVE_STATUSES,
    Status,
)
from bot.kernel.blockkit.metadata import parse_id
from bot.kernel.errors import InvalidInput, NotFound
from storage.models import Campaign
from storage.repositories import campaigns as repo
from storage.repositories import reports as report_repo
from storage.repositories import review as review_repo
from storage.repositories import review as review_repository


@dataclass(frozen=True)
class Edited:
    """A saved edit: the campaign, the approvers it had before, and the changes an approval covered."""

    campaign: Campaign
    approvers_before: list[str]
    signed_off: list[tuple[str, object, object]]


def has_reporters(*, session: Session, campaign_id: int) -> bool:
    return bool(report_repo.reporters(session=session, campaign_id=campaign_id))


def live_campaign(*, session: Session, campaign_id: int, team_id: str | None, for_update: bool = False) -> Campaign:
    """The live campaign with this id in workspace `team_id`; another workspace's is "gone" (NotFound)."""
    campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=team_id, for_update=for_update)
    if campaign is None:
        raise NotFound("campaigns.gone")
    if Status(campaign.status) not in LIVE_STATUSES:
        raise InvalidInput("form.error.campaign_closed")
    return campaign


READING = frozenset({"status", "summary", "history", "export"})  # sub-commands that change nothing


def resolve_campaign(
    *, session: Session, team_id: str, reference: str, channel_id: str | None, sub: str
) -> Campaign:
    """Find the campaign a sub-command is about: by `#id` or name, else the one that owns this channel."""
    reference = reference.strip()
    if reference:
        digits = reference.lstrip("#")
        if digits.isdigit():
            campaign_id = parse_id(digits)
            campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=team_id) \
                if campaign_id else None
            if campaign is not None:
                return campaign
        else:
            name = " ".join(reference.split())
            campaign = repo.find_live_campaign_by_name(session=session, team_id=team_id, name=name)
            if campaign is not None:
                return campaign
        raise NotFound("campaigns.not_found", reference=reference)
    in_channel = repo.live_campaigns_in_channel(session=session, team_id=team_id, channel_id=channel_id or "")
    if len(in_channel) == 1:
        return in_channel[0]
    if not in_channel and sub in READING and channel_id:
        # A closed campaign's channel still means it for what only reads it.
        latest = review_repository.newest_campaign_in_channel(session=session, team_id=team_id, channel_id=channel_id)
        if latest is not None:
            return latest
    if not in_channel:
        raise InvalidInput("campaigns.need_reference", sub=sub)
    raise InvalidInput("campaigns.ambiguous_channel", sub=sub, names=", ".join(c.name for c in in_channel),
                       example=in_channel[0].name)


def resolve_any_campaign(
    *, session: Session, team_id: str, reference: str, channel_id: str | None, sub: str
) -> Campaign:
    """Like `campaign_service.resolve_campaign`, but a finished (closed) campaign is found too: by name (the most
    recent of that name when no live one has it), and in its channel when no live campaign owns the channel."""
    reference = " ".join(reference.split()).strip()
    if reference and not reference.lstrip("#").isdigit():
        campaign = review_repo.find_campaign_by_name(session=session, team_id=team_id, name=reference)
        if campaign is None:
            raise NotFound("campaigns.not_found", reference=reference)
        return campaign
    try:
        return resolve_campaign(session=session, team_id=team_id, reference=reference,
                                channel_id=channel_id, sub=sub)
    except InvalidInput as error:
        if error.key != "campaigns.need_reference" or not channel_id:
            raise
        campaign = review_repo.newest_campaign_in_channel(session=session, team_id=team_id, channel_id=channel_id)
        if campaign is None:
            raise
        return campaign


def team_campaign(*, session: Session, campaign_id: int, team_id: str | None, for_update: bool = False) -> Campaign:
    """A campaign of workspace `team_id`, whatever its status; another workspace's is "gone". None: the bot's own
    follow-ups, which read the id from the database."""
    campaign = repo.get_campaign(session=session, campaign_id=campaign_id, team_id=team_id, for_update=for_update)
    if campaign is None:
        raise NotFound("campaigns.gone")
    return campaign
