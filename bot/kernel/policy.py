"""Every "may this user do this?" is answered here, and only here."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol


class Actor:
    """The person acting. Admin status is looked up only when a rule actually needs it."""

    def __init__(
        self, user_id: str, is_admin: bool | Callable[[], bool] = False, *, team_id: str | None = None
    ) -> None:
        self.user_id = user_id
        self._is_admin = is_admin
        # The workspace the request came from; every lookup by id is scoped to it (None: a trusted caller).
        self.team_id = team_id

    @cached_property
    def is_admin(self) -> bool:
        """A workspace admin or owner, as Slack's users.info says."""
        return self._is_admin() if callable(self._is_admin) else self._is_admin


class OwnedCampaign(Protocol):
    owner_id: str


@dataclass(frozen=True)
class ChannelAccess:
    """Who is in a campaign's channel, as Slack says (conversations.info + conversations.members)."""

    is_private: bool
    members: frozenset[str]


# When Slack cannot say who is in a channel (deleted, the bot removed, a network failure) nobody but admins reads a
# campaign that may be private: refusing for a minute is better than showing a private channel's figures.
UNKNOWN_CHANNEL = ChannelAccess(is_private=True, members=frozenset())


def can_read_campaign(actor: Actor, campaign: OwnedCampaign, channel: ChannelAccess) -> bool:
    """`status`, `tasks all`, `summary`, `export`, `history`, `compare` (each of the two), and whether `list` names
    it: a campaign whose channel is private answers only that channel's members and workspace admins (the outer
    contract); a public channel anyone may join and read anyway."""
    return not channel.is_private or actor.user_id in channel.members or actor.is_admin


def campaign_people(*, owner_id: str, approver_ids: Collection[str] = (), task_owner_ids: Collection[str] = (),
                    reporter_ids: Collection[str] = (), responder_ids: Collection[str] = ()) -> frozenset[str]:
    """The campaign's people: its owner, approvers, task owners, reporters and emergency-plan responders."""
    return frozenset({owner_id, *approver_ids, *task_owner_ids, *reporter_ids, *responder_ids})


def can_approve_campaign(actor: Actor, campaign: OwnedCampaign, approver_ids: Collection[str] = ()) -> bool:
    """Approve or ask for changes (sign-off, 审批): a named approver, or a workspace admin, but never the owner,
    admin or not: a campaign is signed off by someone other than the person who will run it."""
    if actor.user_id == campaign.owner_id:
        return False
    return actor.user_id in approver_ids or actor.is_admin


def can_edit_campaign(actor: Actor, campaign: OwnedCampaign) -> bool:
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_manage_tasks(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Import the division-of-labour table, add milestones."""
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_change_task(actor: Actor, task_owner_id: str | None, campaign: OwnedCampaign) -> bool:
    return actor.user_id in (task_owner_id, campaign.owner_id) or actor.is_admin


def can_report_incident(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Anyone in the workspace may report a problem: the one who sees it first is rarely the owner."""
    return True


def can_handle_incident(actor: Actor, campaign: OwnedCampaign, *, responder_id: str, sponsor_id: str | None) -> bool:
    """Acknowledge, resolve or escalate: the responder, the campaign owner, the executive sponsor, an admin."""
    return actor.user_id in {responder_id, campaign.owner_id, sponsor_id} or actor.is_admin


def can_set_emergency_plan(actor: Actor, campaign: OwnedCampaign) -> bool:
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_submit_report(actor: Actor, campaign: OwnedCampaign, reporter_ids: set[str]) -> bool:
    """The campaign's reporters, its owner, or an admin; a campaign with no reporters yet takes anyone's."""
    return not reporter_ids or actor.user_id in reporter_ids or actor.user_id == campaign.owner_id or actor.is_admin


def can_manage_reporting(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Choose reporters and report sources."""
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_view_history(actor: Actor, campaign: OwnedCampaign, reporter_ids: set[str],
                     approver_ids: Collection[str] = ()) -> bool:
    """The audit log shows every figure and who changed it: the same people as the workbook, and the approvers,
    who are told what changed after their sign-off and may look at the whole trail."""
    return can_export(actor, campaign, reporter_ids) or actor.user_id in approver_ids


def can_export(actor: Actor, campaign: OwnedCampaign, reporter_ids: set[str]) -> bool:
    """The workbook holds every figure and comment: the owner, the reporters and admins may have it."""
    return actor.user_id == campaign.owner_id or actor.user_id in reporter_ids or actor.is_admin


def can_plan_budget(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Set the planned amount of each budget line: like editing the campaign's budget itself."""
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_edit_risks(actor: Actor, campaign: OwnedCampaign, people: Collection[str]) -> bool:
    """The risk register (风险预案表): the campaign's people (`campaign_people`: owner, task owners, reporters,
    emergency-plan responders and sponsor) know what could go wrong and prepare the answers; admins too."""
    return actor.user_id == campaign.owner_id or actor.user_id in people or actor.is_admin


def can_close_campaign(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Close the evaluated campaign: its owner or an admin (README.md, "Using it": "Who may do what")."""
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_add_lessons(actor: Actor, campaign: OwnedCampaign, team_ids: set[str]) -> bool:
    """Lessons come from the people who did the work: the owner, the reporters, the task owners, and admins."""
    return actor.user_id == campaign.owner_id or actor.user_id in team_ids or actor.is_admin


def can_request_review(actor: Actor, campaign: OwnedCampaign, people: Collection[str]) -> bool:
    """Posting the review (message, chart, PDF) in the campaign's channel speaks for the campaign: its people
    (`campaign_people`) and admins, nobody else."""
    return actor.user_id in people or actor.is_admin


def may_edit_targets(actor: Actor, campaign: OwnedCampaign, approver_ids: Collection[str] = ()) -> bool:
    """Set the campaign's KPI targets (totals, rates, lifts): its owner, its approvers (who sign the targets off)
    or an admin."""
    return actor.user_id == campaign.owner_id or actor.user_id in approver_ids or actor.is_admin


def can_handle_complaint(actor: Actor, campaign: OwnedCampaign, reporter_ids: Collection[str],
                         assignee_id: str | None = None) -> bool:
    """Assign or resolve a complaint from the daily reports: the campaign's owner, its reporters (who heard the
    complaint and often answer it), whoever it is assigned to (so they can resolve what they were given), and
    workspace admins."""
    return (actor.user_id == campaign.owner_id or actor.user_id in reporter_ids
            or (assignee_id is not None and actor.user_id == assignee_id) or actor.is_admin)


def can_manage_checklist(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Add items to the readiness list (准备清单): like adding milestones."""
    return can_manage_tasks(actor, campaign)


def can_tick_checklist_item(actor: Actor, item_owner_id: str, campaign: OwnedCampaign) -> bool:
    """Mark an item done (or not done after all): its owner, the campaign's owner, an admin."""
    return actor.user_id in (item_owner_id, campaign.owner_id) or actor.is_admin


def can_mark_milestone(actor: Actor, milestone_owner_id: str | None, campaign: OwnedCampaign) -> bool:
    """Say a milestone was hit or missed: its owner, the campaign's owner, an admin."""
    return actor.user_id in (milestone_owner_id, campaign.owner_id) or actor.is_admin
