"""What an approver does: "Approve" and "Request changes", on the campaign card or in the DM that asked them.

Each flow owns its transaction; what must reach Slack after the commit happens after it."""

from __future__ import annotations

from collections.abc import Callable

from slack_sdk.models.views import View as SlackView

from bot.campaigns.service import campaigns as campaign_service
from bot.card.service import refresh_card
from bot.kernel import policy
from bot.kernel.blockkit.text import escape
from bot.kernel.flow import once_per_submission
from bot.kernel.i18n import t
from bot.kernel.services import Services
from bot.kernel.slack import outbox
from bot.signoff import service as approval
from bot.signoff.blocks import request_changes_modal

Answer = Callable[[], object]


def approve(services: Services, *, campaign_id: int, actor: policy.Actor, locale: str) -> None:
    """Approve, then refresh the card; an approved campaign nobody reports for gets a word to its owner, since
    nobody would be asked for figures and its summaries would stay empty."""
    warnings: list[str] = []
    with services.unit_of_work() as session:
        owner_id = campaign_service.live_campaign(session=session, campaign_id=campaign_id,
                                                  team_id=actor.team_id).owner_id
    owner_locale = services.locale_for(owner_id)  # looked up (users.info) before rows are held
    with services.unit_of_work() as session:
        campaign = approval.approve_campaign(session=session, campaign_id=campaign_id, actor=actor,
                                             now=services.clock.now(), locale=locale)
        if not campaign_service.has_reporters(session=session, campaign_id=campaign_id):
            key = outbox.one_off_key(f"campaign:{campaign_id}:no_reporters")
            outbox.enqueue(session, key=key, kind="campaign_no_reporters", channel=campaign.owner_id,
                           now=services.clock.now(), campaign_id=campaign_id,
                           text=t("signoff.defaults.approve.no_reporters", owner_locale,
                                  name=escape(campaign.name)))
            warnings.append(key)
    refresh_card(services, campaign_id, locale)
    outbox.deliver(services, warnings)


def changes_form(services: Services, *, campaign_id: int, actor: policy.Actor, locale: str) -> SlackView:
    """The comment modal of "Request changes", for someone who may sign the campaign off (refused at the click,
    before anyone types a comment for nothing)."""
    with services.unit_of_work() as session:
        campaign = campaign_service.live_campaign(session=session, campaign_id=campaign_id, team_id=actor.team_id)
        approval.require_approver(session, campaign=campaign, actor=actor, locale=locale, action="changes")
        return request_changes_modal(campaign_id, campaign.name, locale)


def request_changes(services: Services, *, campaign_id: int, actor: policy.Actor, comment: str, submission: str,
                    locale: str, answer: Answer) -> None:
    """Keep the comment and send it to the owner (once per submission), answer, then deliver the DM."""
    with services.unit_of_work() as session:
        owner_id = campaign_service.live_campaign(session=session, campaign_id=campaign_id,
                                                  team_id=actor.team_id).owner_id
    owner_locale = services.locale_for(owner_id)
    once_per_submission(services, submission=submission, answer=answer, work=lambda session, now: (
        approval.request_changes(session=session, campaign_id=campaign_id, actor=actor, comment=comment, now=now,
                                 locale=locale, owner_locale=owner_locale)))
