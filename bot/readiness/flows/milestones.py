""""Done" or "Missed" on a milestone's day reminder: the milestone's outcome saved (who, when), then the clicked
message shows who said what instead of the buttons."""

from __future__ import annotations

from dataclasses import dataclass

from bot.campaigns.rules.campaign import LIVE_STATUSES
from bot.campaigns.service import audit
from bot.kernel import formatting, policy
from bot.kernel.blockkit.text import escape
from bot.kernel.errors import InvalidInput, NotAllowed, NotFound, UserRef
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.language.service import channel_locale
from bot.readiness.blocks.milestones import milestone_answered_blocks
from bot.readiness.rules import MilestoneState
from storage.models import Campaign
from storage.repositories import readiness as repo


@dataclass(frozen=True)
class ClickedReminder:
    channel_id: str | None
    message_ts: str | None


def mark(services: Services, *, milestone_id: int, state: MilestoneState, actor: policy.Actor,
         clicked: ClickedReminder) -> None:
    if state == MilestoneState.OPEN:
        raise ValueError("a milestone is marked done or missed")
    with services.unit_of_work() as session:
        found = repo.get_milestone(session=session, milestone_id=milestone_id, team_id=actor.team_id)
        campaign = session.get(Campaign, found.campaign_id) if found else None
    if campaign is None:
        raise NotFound("readiness.milestone.gone")
    locale = channel_locale(services, campaign)  # the reminder speaks the channel's language
    now = services.clock.now()
    with services.unit_of_work() as session:
        milestone = repo.get_milestone(session=session, milestone_id=milestone_id, team_id=actor.team_id,
                                       for_update=True)
        campaign = session.get(Campaign, milestone.campaign_id) if milestone else None
        if milestone is None or campaign is None:
            raise NotFound("readiness.milestone.gone")
        if not policy.can_mark_milestone(actor, milestone.owner_id, campaign):
            raise NotAllowed("readiness.milestone.mark.not_allowed",
                             owner=UserRef(milestone.owner_id or campaign.owner_id),
                             campaign_owner=UserRef(campaign.owner_id))
        if campaign.status not in LIVE_STATUSES:
            raise InvalidInput("tasks.campaign_closed", campaign=campaign.name)
        if milestone.state != state:
            audit.record(session, campaign=campaign, actor_id=actor.user_id, at=now, object_type="milestone",
                         object_id=milestone.id, action=state.value, before={"state": milestone.state},
                         after={"state": state.value, "name": milestone.name})
            milestone.state = state
            milestone.done_at = now if state == MilestoneState.DONE else None
            milestone.done_by = actor.user_id
        # The day's words rebuilt from what is stored, never taken from the click.
        text = t("reminders.milestone_today", locale, name=escape(milestone.name), campaign=escape(campaign.name),
                 days=0, day=formatting.day(milestone.on_date, locale))
    if clicked.channel_id and clicked.message_ts:
        services.slack.update_message(clicked.channel_id, clicked.message_ts, text=text,
                                      blocks=milestone_answered_blocks(text, state, actor.user_id, locale))
