"""Every "may this user do this?" is answered here, and only here."""

from __future__ import annotations

from collections.abc import Callable
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


def can_approve_campaign(actor: Actor, campaign: OwnedCampaign) -> bool:
    return actor.user_id == campaign.owner_id or actor.is_admin


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


def can_view_history(actor: Actor, campaign: OwnedCampaign, reporter_ids: set[str]) -> bool:
    """The audit log shows every figure and who changed it: the same people as the workbook."""
    return can_export(actor, campaign, reporter_ids)


def can_export(actor: Actor, campaign: OwnedCampaign, reporter_ids: set[str]) -> bool:
    """The workbook holds every figure and comment: the owner, the reporters and admins may have it."""
    return actor.user_id == campaign.owner_id or actor.user_id in reporter_ids or actor.is_admin


def can_plan_budget(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Set the planned amount of each budget line: like editing the campaign's budget itself."""
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_close_campaign(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Close the evaluated campaign: its owner or an admin, as the issue says."""
    return actor.user_id == campaign.owner_id or actor.is_admin


def can_add_lessons(actor: Actor, campaign: OwnedCampaign, team_ids: set[str]) -> bool:
    """Lessons come from the people who did the work: the owner, the reporters, the task owners, and admins."""
    return actor.user_id == campaign.owner_id or actor.user_id in team_ids or actor.is_admin


def can_request_review(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Anyone may ask for the review: it is posted in the campaign's own channel, next to the daily summaries
    that channel already receives, never where it was asked."""
    return True


def can_compare(actor: Actor, campaign: OwnedCampaign) -> bool:
    """Anyone may compare campaigns: the answer is private and holds totals and rates only, the figures the
    campaign channels' daily summaries show (no comments, no names)."""
    return True
